package dev.probefleet.lab.server;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request the {@link FaultHttpServer} received, for tests to check what a client sent and over
 * which connection.
 *
 * @param connection the connection's number on this server, from 1 in accept order
 * @param sequence the request's number on its connection, from 1 (2 and up: a reused connection)
 * @param method the method
 * @param target the request target, e.g. {@code /health?deep=1}
 * @param version the protocol version, e.g. {@code HTTP/1.1}
 * @param headers header fields in the order received
 * @param bodyBytes request body bytes read
 * @param sni the TLS server name the client sent, if TLS and it sent one
 * @param receivedAt when the request head was complete
 */
public record RecordedRequest(
    int connection,
    int sequence,
    String method,
    String target,
    String version,
    List<Reply.Header> headers,
    long bodyBytes,
    Optional<String> sni,
    Instant receivedAt) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    headers = List.copyOf(headers);
    Objects.requireNonNull(sni, "sni");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** The first value of a header, ignoring case. */
  public Optional<String> header(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Reply.Header::value)
        .findFirst();
  }

  /** Every value of a header, in order. */
  public List<String> headers(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Reply.Header::value)
        .toList();
  }

  /** Whether the client asked to close the connection after this request. */
  boolean wantsClose() {
    boolean close =
        headers("Connection").stream()
            .flatMap(v -> java.util.Arrays.stream(v.split(",")))
            .anyMatch(t -> t.trim().equalsIgnoreCase("close"));
    boolean keepAlive =
        headers("Connection").stream()
            .flatMap(v -> java.util.Arrays.stream(v.split(",")))
            .anyMatch(t -> t.trim().equalsIgnoreCase("keep-alive"));
    return close || (version.equals("HTTP/1.0") && !keepAlive);
  }
}
