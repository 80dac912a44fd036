package dev.probefleet.scenario;

import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.ResponseHeaders;
import dev.probefleet.model.TlsSession;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One probe request of a test scenario, read as what the path did: {@code ok()}, {@code
 * status(502).page("nginx", "…")}, {@code fails(CONNECTION_REFUSED)}, {@code ok().ttfbMs(2000)}.
 */
public final class Sample {
  private static final long MS = 1_000_000L;

  private final FailureClass failureClass;
  private final Integer status;
  private String detail = "";
  private String reason;
  private String body = "";
  private final List<ResponseHeaders.Field> headers = new ArrayList<>();
  private Fingerprint fingerprint;
  private long ttfbNanos = 20 * MS;
  private Long failedAfterNanos;
  private String remoteAddress;
  private final Map<String, String> correlation = new LinkedHashMap<>();
  private TlsSession tls;
  private Cause pageCause;
  private Integer headerBytes;

  private Sample(FailureClass failureClass, Integer status) {
    this.failureClass = failureClass;
    this.status = status;
    this.reason = status == null ? "" : reasonOf(status);
  }

  /** 200 OK in 20 ms. */
  public static Sample ok() {
    return new Sample(FailureClass.OK, 200);
  }

  /** An answer with this status: HTTP_5XX for 5xx, HTTP_UNEXPECTED_STATUS for others but 2xx. */
  public static Sample status(int status) {
    FailureClass c =
        status >= 500
            ? FailureClass.HTTP_5XX
            : status >= 200 && status < 400 ? FailureClass.OK : FailureClass.HTTP_UNEXPECTED_STATUS;
    return new Sample(c, status);
  }

  /** A failure below HTTP (no status), or an assertion failure with a 200. */
  public static Sample fails(FailureClass failureClass) {
    if (failureClass == FailureClass.ASSERTION_FAILED) {
      return new Sample(failureClass, 200);
    }
    if (!failureClass.noResponse()) {
      throw new IllegalArgumentException("use status(...) for " + failureClass);
    }
    return new Sample(failureClass, null);
  }

  /** A page written by this generator, meaning this, as the fingerprinter would say. */
  public Sample page(String generator, String meaning) {
    return fingerprint(generator, roleOf(generator), meaning);
  }

  public Sample fingerprint(String generator, Fingerprint.Role role, String meaning) {
    this.fingerprint =
        new Fingerprint(
            generator,
            role,
            List.of(),
            meaning,
            0.9,
            List.of(new Fingerprint.Signal(generator + ".test", Fingerprint.Where.BODY, 0.9)),
            Optional.ofNullable(pageCause));
    return this;
  }

  /**
   * The cause the page pins, as the matched meaning of the shipped fingerprint rules gives it
   * (their own tests pin which page pins what); call after {@link #page}.
   */
  public Sample pageCause(Cause cause) {
    if (fingerprint == null) {
      throw new IllegalStateException("pageCause needs a fingerprinted page: call page(...) first");
    }
    this.pageCause = cause;
    this.fingerprint =
        new Fingerprint(
            fingerprint.generator(),
            fingerprint.role(),
            fingerprint.passedThrough(),
            fingerprint.meaning(),
            fingerprint.score(),
            fingerprint.signals(),
            Optional.of(cause));
    return this;
  }

  /** The header block's size as the probe counted it on the wire. */
  public Sample headerBytes(int bytes) {
    this.headerBytes = bytes;
    return this;
  }

  public Sample body(String text) {
    this.body = text;
    return this;
  }

  public Sample reason(String text) {
    this.reason = text;
    return this;
  }

  public Sample header(String name, String value) {
    headers.add(new ResponseHeaders.Field(name, value));
    return this;
  }

  public Sample detail(String text) {
    this.detail = text;
    return this;
  }

  /** Time to first byte (for a failure below HTTP: the time it failed after the request). */
  public Sample ttfbMs(double millis) {
    long nanos = Math.round(millis * MS);
    if (failureClass.noResponse()) {
      this.failedAfterNanos = nanos;
    } else {
      this.ttfbNanos = nanos;
    }
    return this;
  }

  public Sample remote(String address) {
    this.remoteAddress = address;
    return this;
  }

  public Sample correlation(String header, String value) {
    correlation.put(header, value);
    return this;
  }

  public Sample tls(TlsSession session) {
    this.tls = session;
    return this;
  }

  /** A TLS session whose leaf names {@code names} and ends at {@code notAfter}. */
  public static TlsSession session(
      String sni, Instant notAfter, boolean nameMatches, String... names) {
    CertificateInfo leaf =
        new CertificateInfo(
            "CN=" + names[0],
            List.of(names),
            "CN=Test CA",
            notAfter.minusSeconds(90L * 86_400),
            notAfter,
            "ab".repeat(32));
    return new TlsSession(
        "TLSv1.3", "TLS_AES_128_GCM_SHA256", sni, List.of(leaf), Optional.empty(), nameMatches);
  }

  /** n copies of this sample. */
  public Sample[] times(int n) {
    Sample[] copies = new Sample[n];
    Arrays.fill(copies, this);
    return copies;
  }

  Optional<Fingerprint> fingerprint() {
    return Optional.ofNullable(fingerprint);
  }

  boolean failing() {
    return failureClass.failing();
  }

  ProbeResult build(String target, PathSpec spec, String region, Instant at, int index) {
    boolean https = spec.tls();
    boolean literal = spec.urlHost().matches("[0-9.]+");
    Long dns = literal ? null : 3 * MS;
    Long connect = 1 * MS;
    Long tlsTime = https ? 4 * MS : null;
    Long write = MS / 10;
    Long ttfb = ttfbNanos;
    Long download = MS / 2;
    Optional<CapturedResponse> response = Optional.empty();
    switch (failureClass.phase()) {
      case DNS -> {
        connect = null;
        tlsTime = null;
        write = null;
        ttfb = null;
        download = null;
      }
      case CONNECT -> {
        connect = failedAfterNanos != null ? failedAfterNanos : connect;
        tlsTime = null;
        write = null;
        ttfb = null;
        download = null;
      }
      case TLS -> {
        write = null;
        ttfb = null;
        download = null;
      }
      case RESPONSE -> {
        ttfb = null;
        download = null;
      }
      default ->
          response =
              Optional.of(
                  new CapturedResponse(
                      "HTTP/1.1",
                      status,
                      reason,
                      new ResponseHeaders(headers),
                      body.getBytes(StandardCharsets.UTF_8),
                      body.length(),
                      true));
    }
    long total =
        (dns == null ? 0 : dns)
            + (connect == null ? 0 : connect)
            + (tlsTime == null ? 0 : tlsTime)
            + (write == null ? 0 : write)
            + (ttfb == null ? (failedAfterNanos == null ? 0 : failedAfterNanos) : ttfb)
            + (download == null ? 0 : download);
    if (failureClass.phase() == FailureClass.Phase.CONNECT) {
      total = (dns == null ? 0 : dns) + connect;
    }
    String remote =
        remoteAddress != null
            ? remoteAddress
            : failureClass.phase() == FailureClass.Phase.DNS
                ? null
                : (literal ? spec.urlHost() : "192.0.2." + (10 + spec.kind().ordinal()))
                    + ":"
                    + spec.port();
    return new ProbeResult(
        target,
        spec.kind(),
        spec.instance(),
        spec.url().toString(),
        failureClass,
        detail,
        status == null || failureClass.noResponse() ? null : status,
        remote,
        literal || dns == null ? List.of() : List.of("192.0.2." + (10 + spec.kind().ordinal())),
        at,
        "req-" + region + "-" + spec.label() + "-" + index,
        new PhaseTimings(dns, connect, tlsTime, write, ttfb, download, total),
        response,
        Optional.ofNullable(tls),
        correlation,
        Optional.empty(),
        index > 0,
        response.isPresent() ? headerBytes : null);
  }

  private static Fingerprint.Role roleOf(String generator) {
    return switch (generator) {
      case "cloudfront", "cloudflare", "akamai", "fastly", "azure-frontdoor" ->
          Fingerprint.Role.CDN;
      case "alb",
          "elb-classic",
          "gcp-lb",
          "azure-appgw",
          "haproxy",
          "envoy",
          "traefik",
          "api-gateway" ->
          Fingerprint.Role.LOAD_BALANCER;
      case "unknown" -> Fingerprint.Role.UNKNOWN;
      default -> Fingerprint.Role.WEB_SERVER;
    };
  }

  private static String reasonOf(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
