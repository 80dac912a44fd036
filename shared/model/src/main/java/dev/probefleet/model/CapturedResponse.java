package dev.probefleet.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An HTTP response as far as it was received: status line, headers and the first bytes of the body
 * (bounded by the client's capture limit). Kept for fingerprints and body assertions.
 *
 * @param version protocol version from the status line, e.g. {@code HTTP/1.1}
 * @param status status code
 * @param reason reason phrase (may be empty)
 * @param headers header fields
 * @param body captured body bytes (decoded from chunked framing), at most the capture limit
 * @param bodyBytes body bytes seen in total, captured or drained
 * @param bodyComplete whether the body was read to its end as the framing defines it
 */
public record CapturedResponse(
    String version,
    int status,
    String reason,
    ResponseHeaders headers,
    byte[] body,
    long bodyBytes,
    boolean bodyComplete) {

  public CapturedResponse {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(headers, "headers");
    body = body == null ? new byte[0] : body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The captured body as text (UTF-8, malformed bytes replaced). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Whether the captured body is shorter than the body seen. */
  public boolean bodyCaptureTruncated() {
    return body.length < bodyBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapturedResponse r
        && status == r.status
        && bodyBytes == r.bodyBytes
        && bodyComplete == r.bodyComplete
        && version.equals(r.version)
        && reason.equals(r.reason)
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, status, reason, headers, Arrays.hashCode(body), bodyBytes);
  }

  @Override
  public String toString() {
    return "CapturedResponse["
        + version
        + " "
        + status
        + " "
        + reason
        + ", "
        + headers.fields().size()
        + " headers, "
        + body.length
        + "/"
        + bodyBytes
        + " body bytes]";
  }
}
