package dev.probefleet.attribution;

import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PhaseTimings;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one path showed in one region, as a verdict cites it: the representative sample (the first
 * failing one of a burst, else the first) and the burst's counts. Holds no request header values:
 * only the generated {@code X-Request-ID} the probe sent and the correlation ids the hops sent
 * back.
 *
 * @param kind cdn, lb or origin
 * @param instance origin index (0 for cdn and lb)
 * @param region the region that probed it
 * @param url the URL probed
 * @param host the Host header sent
 * @param sni the TLS server name (also the name certificates are checked against)
 * @param failureClass the representative sample's class
 * @param detail its detail (empty for a plain OK)
 * @param status its HTTP status, or null when none was received
 * @param generator who wrote the response, from its fingerprint, or null when not fingerprinted
 * @param meaning what the response means according to its fingerprint (empty when unknown)
 * @param remoteAddress {@code ip:port} actually connected to, or null
 * @param probedAt when the sample was taken
 * @param requestId the {@code X-Request-ID} sent
 * @param timings its phase timings
 * @param correlation correlation ids received ({@code X-Amz-Cf-Id}, {@code CF-Ray}, {@code
 *     X-Amzn-Trace-Id}, …)
 * @param samples requests sent to this path this round
 * @param failures how many of them failed
 * @param body the representative response's body as captured, as text (empty when no response or no
 *     body): the error page an alert quotes, so that the on-call engineer reads what the failing
 *     hop said without searching logs first
 * @param headerBytes the size of the representative response's header block in bytes, or null when
 *     none was received (or not recorded): what a proxy in front must buffer
 */
public record PathEvidence(
    PathKind kind,
    int instance,
    String region,
    String url,
    String host,
    String sni,
    FailureClass failureClass,
    String detail,
    Integer status,
    String generator,
    String meaning,
    String remoteAddress,
    Instant probedAt,
    String requestId,
    PhaseTimings timings,
    Map<String, String> correlation,
    int samples,
    int failures,
    String body,
    Integer headerBytes) {

  public PathEvidence {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sni, "sni");
    Objects.requireNonNull(failureClass, "failureClass");
    detail = detail == null ? "" : detail;
    meaning = meaning == null ? "" : meaning;
    Objects.requireNonNull(probedAt, "probedAt");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timings, "timings");
    correlation = Collections.unmodifiableMap(new LinkedHashMap<>(correlation));
    if (samples < 1 || failures < 0 || failures > samples) {
      throw new IllegalArgumentException(failures + " failures of " + samples + " samples");
    }
    body = body == null ? "" : body;
  }

  /** Evidence without the header block's size (as it was before probes recorded it). */
  public PathEvidence(
      PathKind kind,
      int instance,
      String region,
      String url,
      String host,
      String sni,
      FailureClass failureClass,
      String detail,
      Integer status,
      String generator,
      String meaning,
      String remoteAddress,
      Instant probedAt,
      String requestId,
      PhaseTimings timings,
      Map<String, String> correlation,
      int samples,
      int failures,
      String body) {
    this(
        kind,
        instance,
        region,
        url,
        host,
        sni,
        failureClass,
        detail,
        status,
        generator,
        meaning,
        remoteAddress,
        probedAt,
        requestId,
        timings,
        correlation,
        samples,
        failures,
        body,
        null);
  }

  /** Evidence without the response body (as it was before alerts quoted error pages). */
  public PathEvidence(
      PathKind kind,
      int instance,
      String region,
      String url,
      String host,
      String sni,
      FailureClass failureClass,
      String detail,
      Integer status,
      String generator,
      String meaning,
      String remoteAddress,
      Instant probedAt,
      String requestId,
      PhaseTimings timings,
      Map<String, String> correlation,
      int samples,
      int failures) {
    this(
        kind,
        instance,
        region,
        url,
        host,
        sni,
        failureClass,
        detail,
        status,
        generator,
        meaning,
        remoteAddress,
        probedAt,
        requestId,
        timings,
        correlation,
        samples,
        failures,
        "");
  }

  /** {@code cdn}, {@code lb} or {@code origin[i]}. */
  public String label() {
    return kind == PathKind.ORIGIN ? "origin[" + instance + "]" : kind.key();
  }

  /** Whether any sample failed. */
  public boolean failing() {
    return failures > 0;
  }

  /** failures / samples. */
  public double failureRate() {
    return failures / (double) samples;
  }
}
