/**
 * The targets file: loading it ({@link dev.probefleet.config.TargetsLoader}), what it yields
 * ({@link dev.probefleet.config.TargetsConfig} of model {@link dev.probefleet.model.Target}s), what
 * is wrong with a bad one ({@link dev.probefleet.config.ConfigException}, a list of {@link
 * dev.probefleet.config.ConfigProblem}s), and the headers a probe sends from it ({@link
 * dev.probefleet.config.HeaderResolution} with a {@link dev.probefleet.config.SecretResolver}).
 *
 * <h2>Schema (DESIGN §3)</h2>
 *
 * <pre>{@code
 * targets:                                   # required, a non-empty list
 *   - name: shop                             # required, unique, [A-Za-z0-9][A-Za-z0-9._-]{0,99}
 *     request:                               # optional
 *       method: GET                          #   an HTTP token, upper-cased; default GET
 *       headers: {Accept: "text/html"}       #   see Headers
 *     expect:                                # optional
 *       status: [200]                        #   a code or a list, each 100-599; default any 2xx/3xx
 *       bodyContains: "ok"                   #   optional, non-empty
 *     burst: {requests: 1}                   # optional, 1-100, default 1
 *     storeBodies: true                      # optional, default true; false: evidence keeps
 *                                            #   status line, headers, fingerprint, no body
 *     paths:                                 # required, at least one of cdn, lb, origin
 *       cdn:    {url: "https://shop.example.com/health"}
 *       lb:     {url: "https://my-alb.elb.amazonaws.com/health", host: "shop.example.com"}
 *       origin:                              # one path, or a non-empty list of paths
 *         - {url: "http://10.0.1.23:8080/health", host: "shop.example.com", probeFrom: [us-east-1]}
 * fingerprintRules: ./rules.yaml             # optional, see below
 * }</pre>
 *
 * <p>Per path, {@code url} is required: absolute, {@code http} or {@code https}, with a host,
 * ASCII, without credentials. All else is optional: {@code host} (the Host header, a host name or
 * IP address with an optional port; also the TLS server name unless {@code sni} is set), {@code
 * sni} (a host name, never an IP address), {@code resolve} (an IP literal to connect to), {@code
 * insecure} ({@code true}/{@code false}), {@code caFile} (a PEM bundle, see below), {@code timeout}
 * (a duration, more than 0 and at most 5m), {@code expectAddresses} (a non-empty list of IP
 * addresses and CIDR blocks), {@code headers} (merged over the target's), {@code probeFrom} (a
 * non-empty list of region names such as {@code us-east-1}, {@code eu-central-1}, {@code
 * us-gov-west-1}, {@code cn-north-1}, or {@code local}). {@code targetGroupArn} is reserved.
 *
 * <p><b>Durations</b> are a whole number and a unit: {@code 500ms}, {@code 10s}, {@code 2m}, {@code
 * 1h}. A bare number is refused (the message proposes a unit).
 *
 * <p><b>Headers</b> map names (RFC 9110 tokens) to values. A value is a string (one line of ASCII)
 * or a secret reference: {@code {secret: "ssm:/path"}}, {@code {secret: "secretsmanager:id"}} or
 * {@code {env: "NAME"}}. Numbers and booleans must be quoted. Names are case-insensitive, so {@code
 * Accept} and {@code accept} in one mapping is an error. {@code Host} (use {@code host:}), {@code
 * X-Request-ID} (the probe sends its own), {@code Content-Length}, {@code Transfer-Encoding} and
 * {@code Connection} cannot be set.
 *
 * <p><b>Referenced files</b> are resolved against the targets file's directory and read at load
 * time, so nothing depends on a local path afterwards (in Lambda, say). {@code caFile} must hold at
 * least one X.509 certificate in PEM and no private key; its certificate blocks are inlined as a
 * {@link dev.probefleet.model.CaBundle}. {@code fingerprintRules} — an addition to the schema of
 * DESIGN §3 — names the user's fingerprint rules file, inlined as text in {@link
 * dev.probefleet.config.FingerprintRulesFile} for the fingerprinter to parse. Each is at most 1 MiB
 * of UTF-8.
 *
 * <h2>Strictness</h2>
 *
 * <p>Unknown keys (with a did-you-mean), duplicate keys, wrong types, missing required keys and
 * invalid values are errors, all reported together, each as {@code FILE:LINE:COLUMN: FIELD:
 * message} with fields written {@code targets[0].paths.origin[1].url}. Where a string is expected,
 * a value YAML reads as a number, boolean or date ({@code 2024}, {@code yes}, {@code 1.10}) must be
 * quoted, so nothing is converted behind the user's back. YAML anchors, aliases and merge keys
 * ({@code <<: *defaults}) may be used. Limits against hostile files: 5 MiB, 1,000 aliases to lists
 * or mappings, 50 levels of nesting, and one million values visited however aliases multiply.
 */
package dev.probefleet.config;
