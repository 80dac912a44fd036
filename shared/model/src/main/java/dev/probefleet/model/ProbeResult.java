package dev.probefleet.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one probe request saw. A failed probe is this record with a failing class, never an
 * exception.
 *
 * @param target target name
 * @param path cdn, lb or origin
 * @param instance origin index (0 for cdn and lb)
 * @param url the URL requested
 * @param failureClass the outcome, from the lowest failing phase
 * @param detail human-readable detail of the outcome (e.g. {@code NXDOMAIN for shop.example.com},
 *     {@code certificate expired 3 days ago}); empty for a plain OK
 * @param status HTTP status, or null when no status line was received
 * @param remoteAddress the address actually connected to ({@code ip:port}), or null
 * @param resolvedAddresses what the host name resolved to (empty for an IP literal or {@code
 *     resolve})
 * @param probedAt wall-clock time the probe started
 * @param requestId the {@code X-Request-ID} sent
 * @param timings phase timings
 * @param response the response as far as received, if a status line was received
 * @param tls the TLS session, if a handshake completed (or got far enough to see a chain)
 * @param correlation correlation ids and hop headers received ({@code X-Request-ID}, {@code
 *     X-Amz-Cf-Id}, {@code X-Amz-Cf-Pop}, {@code CF-Ray}, {@code X-Amzn-Trace-Id}, {@code
 *     X-Served-By}, {@code Via}, {@code X-Cache}, {@code Server}), names as canonically spelled
 * @param location the {@code Location} of a redirect (never followed)
 * @param connectionReused whether the request went over a kept-alive connection
 * @param headerBytes size in bytes of the final response's header block as received (status line,
 *     header lines and the empty line ending it, line ends included); for a header block over the
 *     probe's limit, the bytes read before giving up; null when no header block was received. A
 *     proxy with smaller buffers than this fails on it (DESIGN §1, {@code
 *     UPSTREAM_HEADER_TOO_LARGE})
 */
public record ProbeResult(
    String target,
    PathKind path,
    int instance,
    String url,
    FailureClass failureClass,
    String detail,
    Integer status,
    String remoteAddress,
    List<String> resolvedAddresses,
    Instant probedAt,
    String requestId,
    PhaseTimings timings,
    Optional<CapturedResponse> response,
    Optional<TlsSession> tls,
    Map<String, String> correlation,
    Optional<String> location,
    boolean connectionReused,
    Integer headerBytes) {

  public ProbeResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(failureClass, "failureClass");
    detail = detail == null ? "" : detail;
    resolvedAddresses = List.copyOf(resolvedAddresses);
    Objects.requireNonNull(probedAt, "probedAt");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timings, "timings");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(tls, "tls");
    correlation = Collections.unmodifiableMap(new LinkedHashMap<>(correlation));
    Objects.requireNonNull(location, "location");
    if (headerBytes != null && headerBytes < 0) {
      throw new IllegalArgumentException("headerBytes must not be negative: " + headerBytes);
    }
  }

  /** A result whose header block size was not recorded (older stored rounds, hand-made ones). */
  public ProbeResult(
      String target,
      PathKind path,
      int instance,
      String url,
      FailureClass failureClass,
      String detail,
      Integer status,
      String remoteAddress,
      List<String> resolvedAddresses,
      Instant probedAt,
      String requestId,
      PhaseTimings timings,
      Optional<CapturedResponse> response,
      Optional<TlsSession> tls,
      Map<String, String> correlation,
      Optional<String> location,
      boolean connectionReused) {
    this(
        target,
        path,
        instance,
        url,
        failureClass,
        detail,
        status,
        remoteAddress,
        resolvedAddresses,
        probedAt,
        requestId,
        timings,
        response,
        tls,
        correlation,
        location,
        connectionReused,
        null);
  }

  /** True for every class but OK. */
  public boolean failing() {
    return failureClass.failing();
  }

  /** {@code cdn}, {@code lb} or {@code origin[i]}. */
  public String label() {
    return path == PathKind.ORIGIN ? "origin[" + instance + "]" : path.key();
  }
}
