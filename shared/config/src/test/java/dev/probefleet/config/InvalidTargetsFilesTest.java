package dev.probefleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code src/test/resources/invalid} with the exact problems it must produce, like
 * blackbox_exporter's {@code testdata/invalid-*.yml}. {@code {dir}} stands for the fixtures'
 * absolute directory.
 */
class InvalidTargetsFilesTest {

  private static final Path DIR = TestFiles.resources("invalid");

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        row(
            "ca-file-invalid-path.yaml",
            "ca-file-invalid-path.yaml:3:46: targets[0].paths.cdn.caFile: 'a\\u0000b' is not a valid path: Nul character not allowed"),
        row(
            "empty-values.yaml",
            "empty-values.yaml:2:4: targets[0]: expected a target (a mapping with name and paths), got no value",
            "empty-values.yaml:3:10: targets[1].name: expected a string, got no value",
            "empty-values.yaml:4:13: targets[1].request: expected a mapping with method and headers, got no value",
            "empty-values.yaml:5:12: targets[1].expect: expected a mapping with status and bodyContains, got no value",
            "empty-values.yaml:6:11: targets[1].burst: expected a mapping with requests, got no value",
            "empty-values.yaml:8:11: targets[1].paths.cdn: expected a path (a mapping with url), got no value",
            "empty-values.yaml:9:14: targets[1].paths.origin: expected an origin (a mapping with url) or a list of them, got no value"),
        row(
            "host-ipv6-without-brackets.yaml",
            "host-ipv6-without-brackets.yaml:4:55: targets[0].paths.origin.host: '::1' is not a valid Host value; write an IPv6 address in brackets, e.g. [::1]:8080"),
        row(
            "key-not-string.yaml",
            "key-not-string.yaml:2:7: targets[0]: keys must be strings, got a list"),
        row(
            "merge-into-itself.yaml",
            "merge-into-itself.yaml:2:5: targets[0]: a YAML merge key ('<<') merges this mapping into itself",
            "merge-into-itself.yaml:2:5: targets[0]: missing required key 'paths'"),
        row(
            "number-forms.yaml",
            "number-forms.yaml:3:23: targets[0].burst.requests: '99999999999999999999' is far too large",
            "number-forms.yaml:4:22: targets[0].expect.status: write '0x1F4' as a plain decimal number",
            "number-forms.yaml:5:24: targets[0].paths.cdn.url: 'HTTPS://X.example:99999/' has port 99999, outside 1-65535"),
        row(
            "recursive-alias.yaml",
            "recursive-alias.yaml:1:10: targets[0]: expected a target (a mapping with name and paths), got a list"),
        row(
            "alias-bomb.yaml",
            "alias-bomb.yaml: the file expands through YAML aliases to more than 1000000 values (a guard against alias bombs); write it with fewer aliases"),
        row(
            "body-contains-empty.yaml",
            "body-contains-empty.yaml:3:28: targets[0].expect.bodyContains: an empty string matches every body; leave bodyContains out, or give the text a healthy body contains"),
        row(
            "burst-too-large.yaml",
            "burst-too-large.yaml:3:23: targets[0].burst.requests: must be 1 to 100 requests per path per round, got 101"),
        row(
            "burst-zero.yaml",
            "burst-zero.yaml:3:23: targets[0].burst.requests: must be 1 to 100 requests per path per round, got 0"),
        row(
            "ca-file-broken-certificate.yaml",
            "ca-file-broken-certificate.yaml:6:19: targets[0].paths.origin[0].caFile: certificate 1 in broken-certificate.pem is not a valid X.509 certificate"),
        row(
            "ca-file-directory.yaml",
            "ca-file-directory.yaml:6:19: targets[0].paths.origin[0].caFile: cannot read . (resolved to {dir}): it is a directory"),
        row(
            "ca-file-missing.yaml",
            "ca-file-missing.yaml:6:19: targets[0].paths.origin[0].caFile: cannot read ./no-such-ca.pem (resolved to {dir}/no-such-ca.pem): no such file",
            "ca-file-missing.yaml:8:19: targets[0].paths.origin[1].caFile: cannot read no-such-ca.pem (resolved to {dir}/no-such-ca.pem): no such file"),
        row(
            "ca-file-not-pem.yaml",
            "ca-file-not-pem.yaml:6:19: targets[0].paths.origin[0].caFile: ./not-a-certificate.txt contains no PEM certificate (-----BEGIN CERTIFICATE-----)"),
        row(
            "comment-only.yaml",
            "comment-only.yaml: the file is empty; expected a mapping with a 'targets' list"),
        row(
            "duplicate-key.yaml",
            "duplicate-key.yaml:5:5: targets[0]: duplicate key 'name' (first on line 2)"),
        row(
            "duplicate-name.yaml",
            "duplicate-name.yaml:8:11: targets[2].name: 'shop' is already used by targets[0] (line 2)"),
        row(
            "empty-file.yaml",
            "empty-file.yaml: the file is empty; expected a mapping with a 'targets' list"),
        row(
            "env-invalid-name.yaml",
            "env-invalid-name.yaml:5:30: targets[0].request.headers.Authorization.env: '1-TOKEN' is not an environment variable name (letters, digits and '_', not starting with a digit)",
            "env-invalid-name.yaml:6:25: targets[0].request.headers.X-Key.secret: 'env:SHOP_KEY' is not a secret store; write {env: SHOP_KEY} for an environment variable"),
        row(
            "expect-addresses-invalid.yaml",
            "expect-addresses-invalid.yaml:6:27: targets[0].paths.cdn.expectAddresses[0]: '10.0.0.0/33' has prefix length 33, outside 0..32",
            "expect-addresses-invalid.yaml:6:40: targets[0].paths.cdn.expectAddresses[1]: 'shop.example.com' is not an IP address or CIDR block"),
        row(
            "expect-addresses-not-list.yaml",
            "expect-addresses-not-list.yaml:4:64: targets[0].paths.cdn.expectAddresses: expected a list of IP addresses and CIDR blocks, got the string '10.0.0.0/8'"),
        row(
            "fingerprint-rules-missing.yaml",
            "fingerprint-rules-missing.yaml:1:19: fingerprintRules: cannot read ./no-such-rules.yaml (resolved to {dir}/no-such-rules.yaml): no such file"),
        row(
            "header-case-duplicate.yaml",
            "header-case-duplicate.yaml:6:9: targets[0].request.headers: 'accept' repeats the header 'Accept' (line 5); header names are case-insensitive"),
        row(
            "header-framing.yaml",
            "header-framing.yaml:5:9: targets[0].request.headers: Content-Length cannot be set through headers; the probe client frames the request itself",
            "header-framing.yaml:6:9: targets[0].request.headers: Transfer-Encoding cannot be set through headers; the probe client frames the request itself",
            "header-framing.yaml:7:9: targets[0].request.headers: Connection cannot be set through headers; the probe client manages its connections itself"),
        row(
            "header-host.yaml",
            "header-host.yaml:6:19: targets[0].paths.lb.headers: Host cannot be set through headers; use host: on the path (it also sets the TLS server name unless sni: is given)"),
        row(
            "header-request-id.yaml",
            "header-request-id.yaml:4:17: targets[0].request.headers: x-request-id cannot be set through headers; the probe sends its own X-Request-ID so alerts can be matched with each hop's logs"),
        row(
            "header-value-boolean.yaml",
            "header-value-boolean.yaml:4:26: targets[0].request.headers.X-Debug: expected a string or a secret reference ({secret: …} or {env: …}), got the boolean on; quote it to use it as text: 'on'"),
        row(
            "header-value-line-break.yaml",
            "header-value-line-break.yaml:4:25: targets[0].request.headers.X-Note: the value contains a line break; a header is one line"),
        row(
            "header-value-list.yaml",
            "header-value-list.yaml:4:25: targets[0].request.headers.Accept: expected a string or a secret reference ({secret: …} or {env: …}), got a list"),
        row(
            "header-value-number.yaml",
            "header-value-number.yaml:4:32: targets[0].request.headers.X-Api-Version: expected a string or a secret reference ({secret: …} or {env: …}), got the number 1.10; quote it to use it as text: '1.10'"),
        row(
            "host-invalid.yaml",
            "host-invalid.yaml:4:60: targets[0].paths.lb.host: 'shop.example.com/health' is not a valid Host value (a host name or IP address, optionally with :port)"),
        row(
            "insecure-not-boolean.yaml",
            "insecure-not-boolean.yaml:4:56: targets[0].paths.lb.insecure: expected true or false, got yes"),
        row(
            "storebodies-not-boolean.yaml",
            "storebodies-not-boolean.yaml:3:18: targets[0].storeBodies: expected true or false, got the string 'no'"),
        row(
            "storebodies-misspelt.yaml",
            "storebodies-misspelt.yaml:3:5: targets[0]: unknown key 'storeBody' (did you mean 'storeBodies'?)"),
        row(
            "invalid-header-name.yaml",
            "invalid-header-name.yaml:4:17: targets[0].request.headers: 'X Api Key' is not a valid header name (a token of letters, digits and !#$%&'*+-.^_`|~)"),
        row(
            "invalid-method.yaml",
            "invalid-method.yaml:3:23: targets[0].request.method: 'GET /' is not an HTTP method (a token of letters, digits and !#$%&'*+-.^_`|~)"),
        row(
            "invalid-name.yaml",
            "invalid-name.yaml:2:11: targets[0].name: 'shop/api' is not a valid name: use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"),
        row(
            "many-problems.yaml",
            "many-problems.yaml:3:38: targets[0].request.headers: Host cannot be set through headers; use host: on the path (it also sets the TLS server name unless sni: is given)",
            "many-problems.yaml:4:28: targets[0].expect.status[1]: 700 is not an HTTP status code (100-599)",
            "many-problems.yaml:5:23: targets[0].burst.requests: must be 1 to 100 requests per path per round, got 1000",
            "many-problems.yaml:7:62: targets[0].paths.cdn.timeout: '10' has no unit; write 10s or 10000ms",
            "many-problems.yaml:8:60: targets[0].paths.lb: unknown key 'timout' (did you mean 'timeout'?)",
            "many-problems.yaml:10:61: targets[0].paths.origin[0].probeFrom[0]: 'us-east' is not a region; write a region name like us-east-1 or eu-central-1, or local",
            "many-problems.yaml:11:17: targets[0].paths.origin[1].url: 'gopher://10.0.1.24/' must be an http or https URL, not gopher",
            "many-problems.yaml:12:11: targets[1].name: 'shop' is already used by targets[0] (line 2)",
            "many-problems.yaml:13:12: targets[1].paths: no paths; configure at least one of cdn, lb, origin"),
        row(
            "merge-not-mapping.yaml",
            "merge-not-mapping.yaml:2:9: targets[0]: a YAML merge key ('<<') merges a mapping or a list of mappings, got the string 'shop'"),
        row(
            "merged-unknown-key.yaml",
            "merged-unknown-key.yaml:8:9: targets[0].paths.lb: unknown key 'hots' (did you mean 'host'?)",
            "merged-unknown-key.yaml:12:47: targets[1].paths.cdn: unknown key 'timout' (did you mean 'timeout'?)"),
        row("missing-name.yaml", "missing-name.yaml:2:5: targets[0]: missing required key 'name'"),
        row(
            "missing-paths.yaml",
            "missing-paths.yaml:2:5: targets[0]: missing required key 'paths'"),
        row("missing-targets.yaml", "missing-targets.yaml:2:1: missing required key 'targets'"),
        row(
            "missing-url.yaml",
            "missing-url.yaml:6:11: targets[0].paths.origin[1]: missing required key 'url'"),
        row(
            "multiple-documents.yaml",
            "multiple-documents.yaml:5:1: not valid YAML: a second YAML document starts here; a targets file is one document"),
        row(
            "name-number.yaml",
            "name-number.yaml:2:11: targets[0].name: expected a string, got the number 2024; quote it to use it as text: '2024'"),
        row(
            "name-too-long.yaml",
            "name-too-long.yaml:2:11: targets[0].name: the name is 101 characters long; a name has at most 100"),
        row(
            "no-paths.yaml",
            "no-paths.yaml:3:12: targets[0].paths: no paths; configure at least one of cdn, lb, origin"),
        row("no-targets.yaml", "no-targets.yaml:1:10: targets: no targets; list at least one"),
        row(
            "not-yaml.yaml",
            "not-yaml.yaml:3:15: not valid YAML: mapping values are not allowed here"),
        row(
            "origin-empty-list.yaml",
            "origin-empty-list.yaml:4:15: targets[0].paths.origin: an empty list; list at least one origin instance, or leave origin out"),
        row(
            "origin-scalar.yaml",
            "origin-scalar.yaml:4:15: targets[0].paths.origin: expected an origin (a mapping with url) or a list of them, got the string 'http://10.0.1.23:8080/health'"),
        row(
            "probe-from-empty.yaml",
            "probe-from-empty.yaml:4:64: targets[0].paths.origin.probeFrom: an empty list probes from nowhere; leave probeFrom out to probe from every region"),
        row(
            "probe-from-invalid.yaml",
            "probe-from-invalid.yaml:6:21: targets[0].paths.origin.probeFrom[0]: 'us-east' is not a region; write a region name like us-east-1 or eu-central-1, or local",
            "probe-from-invalid.yaml:6:30: targets[0].paths.origin.probeFrom[1]: 'US-WEST-2' must be written in lower case: us-west-2",
            "probe-from-invalid.yaml:6:62: targets[0].paths.origin.probeFrom[4]: 'eu-central-1' is listed twice"),
        row(
            "request-not-mapping.yaml",
            "request-not-mapping.yaml:3:14: targets[0].request: expected a mapping with method and headers, got the string 'GET'"),
        row(
            "resolve-not-ip.yaml",
            "resolve-not-ip.yaml:4:55: targets[0].paths.lb.resolve: 'my-alb.elb.amazonaws.com' is not an IP address; resolve: takes the address to connect to (like curl --resolve), never a name"),
        row(
            "secret-and-env.yaml",
            "secret-and-env.yaml:5:24: targets[0].request.headers.Authorization: give either secret or env, not both"),
        row(
            "secret-empty-id.yaml",
            "secret-empty-id.yaml:5:33: targets[0].request.headers.Authorization.secret: 'ssm:' names no parameter; write ssm:/path/to/parameter",
            "secret-empty-id.yaml:6:25: targets[0].request.headers.X-Key.secret: 'secretsmanager:' names no secret; write secretsmanager:NAME (or its ARN)"),
        row(
            "secret-empty-mapping.yaml",
            "secret-empty-mapping.yaml:5:24: targets[0].request.headers.Authorization: an empty mapping is not a header value; write a string, {secret: \"ssm:/path\"}, {secret: \"secretsmanager:id\"} or {env: NAME}"),
        row(
            "secret-unknown-key.yaml",
            "secret-unknown-key.yaml:5:25: targets[0].request.headers.Authorization: unknown key 'secrte' (did you mean 'secret'?)"),
        row(
            "secret-unknown-store.yaml",
            "secret-unknown-store.yaml:5:33: targets[0].request.headers.Authorization.secret: 'vault:secret/shop' is not a secret reference; write ssm:/path or secretsmanager:id"),
        row(
            "sni-ip.yaml",
            "sni-ip.yaml:4:59: targets[0].paths.lb.sni: '10.0.1.23' is an IP address, which TLS cannot send as a server name (SNI carries host names only); leave sni out"),
        row(
            "status-duplicate.yaml",
            "status-duplicate.yaml:3:33: targets[0].expect.status[2]: 200 is listed twice"),
        row(
            "status-empty-list.yaml",
            "status-empty-list.yaml:3:22: targets[0].expect.status: an empty list accepts no status; leave status out to accept any 2xx or 3xx"),
        row(
            "status-out-of-range.yaml",
            "status-out-of-range.yaml:3:28: targets[0].expect.status[1]: 600 is not an HTTP status code (100-599)",
            "status-out-of-range.yaml:3:33: targets[0].expect.status[2]: 99 is not an HTTP status code (100-599)"),
        row(
            "status-quoted.yaml",
            "status-quoted.yaml:3:22: targets[0].expect.status: expected a status code or a list of them, got the string '200'; write it without quotes"),
        row(
            "tab-indent.yaml",
            "tab-indent.yaml:2:1: not valid YAML: a tab where YAML needs spaces (indent with spaces only)"),
        row(
            "target-group-arn.yaml",
            "target-group-arn.yaml:5:9: targets[0].paths.origin: targetGroupArn is reserved for a later version (discovering the instances of a target group); list the instances with url: for now",
            "target-group-arn.yaml:5:9: targets[0].paths.origin: missing required key 'url'"),
        row(
            "target-not-mapping.yaml",
            "target-not-mapping.yaml:2:5: targets[0]: expected a target (a mapping with name and paths), got the string 'shop'"),
        row(
            "targets-not-list.yaml",
            "targets-not-list.yaml:2:3: targets: expected a list of targets, got a mapping"),
        row(
            "timeout-fractional.yaml",
            "timeout-fractional.yaml:4:56: targets[0].paths.cdn.timeout: '1.5s' is not a duration; use whole numbers: write 1500ms"),
        row(
            "timeout-too-long.yaml",
            "timeout-too-long.yaml:4:56: targets[0].paths.cdn.timeout: '10m' is more than the 5m maximum"),
        row(
            "timeout-unknown-unit.yaml",
            "timeout-unknown-unit.yaml:4:56: targets[0].paths.cdn.timeout: '10sec' is not a duration; write a whole number and a unit: 500ms, 10s, 2m or 1h"),
        row(
            "timeout-without-unit.yaml",
            "timeout-without-unit.yaml:4:56: targets[0].paths.cdn.timeout: '10' has no unit; write 10s or 10000ms"),
        row(
            "timeout-zero.yaml",
            "timeout-zero.yaml:4:56: targets[0].paths.cdn.timeout: '0s' is not a timeout; it must be more than 0"),
        row(
            "top-level-list.yaml",
            "top-level-list.yaml:1:1: the top level must be a mapping with a 'targets' list, not a list"),
        row(
            "top-level-scalar.yaml",
            "top-level-scalar.yaml:1:1: the top level must be a mapping with a 'targets' list, not the string 'shop'"),
        row(
            "unclosed-flow.yaml",
            "unclosed-flow.yaml:5:1: not valid YAML: expected ',' or '}', but got <stream end> (while parsing a flow mapping that starts on line 4, column 12)"),
        row(
            "undefined-alias.yaml",
            "undefined-alias.yaml:3:14: not valid YAML: found undefined alias common"),
        row(
            "unknown-key-case.yaml",
            "unknown-key-case.yaml:6:11: targets[0].paths.origin[0]: unknown key 'ProbeFrom' (did you mean 'probeFrom'?)"),
        row(
            "unknown-key-without-suggestion.yaml",
            "unknown-key-without-suggestion.yaml:3:27: targets[0].expect: unknown key 'colour' (expected one of: status, bodyContains)"),
        row(
            "unknown-path-key.yaml",
            "unknown-path-key.yaml:7:9: targets[0].paths.lb: unknown key 'timout' (did you mean 'timeout'?)"),
        row(
            "unknown-path-kind.yaml",
            "unknown-path-kind.yaml:4:7: targets[0].paths: unknown key 'cnd' (did you mean 'cdn'?)"),
        row(
            "unknown-target-key.yaml",
            "unknown-target-key.yaml:2:5: targets[0]: unknown key 'nmae' (did you mean 'name'?)"),
        row(
            "unknown-top-level-key.yaml",
            "unknown-top-level-key.yaml:1:1: unknown key 'target' (did you mean 'targets'?)"),
        row(
            "unsupported-tag.yaml",
            "unsupported-tag.yaml:2:11: targets[0].name: expected a string, got a value tagged !shop (YAML tags are not supported here)"),
        row(
            "url-credentials.yaml",
            "url-credentials.yaml:4:18: targets[0].paths.cdn.url: 'https://…@shop.example.com/health' carries credentials, which would be logged; send them in a header with a secret reference instead"),
        row(
            "url-invalid-host.yaml",
            "url-invalid-host.yaml:4:21: targets[0].paths.origin.url: 'http://shop_origin.internal/health' has no valid host: 'shop_origin.internal' is neither a host name (letters, digits, '-' and '.') nor an IP address"),
        row(
            "url-no-host.yaml",
            "url-no-host.yaml:4:18: targets[0].paths.cdn.url: 'https:///health' has no host"),
        row(
            "url-relative.yaml",
            "url-relative.yaml:4:18: targets[0].paths.cdn.url: '/health' is not an absolute URL; write http://… or https://…"),
        row(
            "url-scheme.yaml",
            "url-scheme.yaml:4:18: targets[0].paths.cdn.url: 'ftp://shop.example.com/health' must be an http or https URL, not ftp"),
        row(
            "url-syntax.yaml",
            "url-syntax.yaml:4:18: targets[0].paths.cdn.url: 'https://shop.example.com/he alth' is not a valid URL (illegal character in path at position 28)"));
  }

  private static Arguments row(String file, String... problems) {
    return Arguments.of(file, List.of(problems));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void eachInvalidFileFailsWithExactlyItsProblems(String file, List<String> expected)
      throws IOException {
    List<String> problems = expected.stream().map(p -> p.replace("{dir}", DIR.toString())).toList();

    ConfigException e = parseFails(file);

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactlyElementsOf(problems);
    assertThat(e.getMessage()).isEqualTo(String.join("\n", problems));
    assertThat(e.file()).isEqualTo(file);
    assertThat(e.omitted()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void loadingFromDiskReportsTheSameProblemsUnderThePathGiven(String file, List<String> expected)
      throws IOException {
    Path path = DIR.resolve(file);

    ConfigException e = failure(catchThrowable(() -> TargetsLoader.load(path)));

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactlyElementsOf(
            expected.stream()
                .map(p -> path + p.substring(file.length()).replace("{dir}", DIR.toString()))
                .toList());
  }

  @Test
  void everyFixtureHasItsExpectedProblems() throws IOException {
    Set<String> inTable = invalidFiles().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(DIR)) {
      Set<String> onDisk =
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> name.endsWith(".yaml"))
              .collect(Collectors.toSet());
      assertThat(inTable).isEqualTo(onDisk);
    }
    assertThat(inTable).hasSizeGreaterThanOrEqualTo(30);
  }

  private static ConfigException parseFails(String file) throws IOException {
    String text = Files.readString(DIR.resolve(file));
    return failure(catchThrowable(() -> TargetsLoader.parse(text, file, DIR)));
  }

  private static ConfigException failure(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return (ConfigException) thrown;
  }
}
