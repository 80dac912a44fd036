package dev.probefleet.lab.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the {@link FaultHttpServer} does for one request: a response (status, headers, body,
 * framing) and how to deliver it (a first-byte delay, interim responses, a {@link Fault}). Build
 * one from {@link #ok()}, {@link #status(int)} or {@link #fault(Fault)} and refine it with the
 * {@code with…} methods; every reply is immutable.
 *
 * <p>The server adds the framing header ({@code Content-Length} or {@code Transfer-Encoding:
 * chunked}) itself unless the headers already carry one, in which case the body is written as given
 * — that is how a test makes a server lie about its length.
 *
 * @param status status code
 * @param reason reason phrase (may be empty)
 * @param version protocol version of the status line, {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers header fields in order
 * @param body body text, sent as UTF-8 (not sent for HEAD, 204 and 304)
 * @param framing how the body's end is marked
 * @param interim statuses of interim responses sent first (e.g. 103)
 * @param firstByteDelay how long to wait before the first byte
 * @param fault the misbehaviour
 * @param trickleInterval the gap between bytes for {@link Fault#TRICKLE}
 * @param oversizedHeaderBytes the header block size exceeded by {@link Fault#OVERSIZED_HEADERS}
 * @param closeConnection close after this reply (announced with {@code Connection: close} unless
 *     {@code silentClose})
 * @param silentClose close after this reply without announcing it — the keep-alive race an idle
 *     timeout causes
 */
public record Reply(
    int status,
    String reason,
    String version,
    List<Reply.Header> headers,
    String body,
    Framing framing,
    List<Integer> interim,
    Duration firstByteDelay,
    Fault fault,
    Duration trickleInterval,
    int oversizedHeaderBytes,
    boolean closeConnection,
    boolean silentClose) {

  /** One header field. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** How the end of the body is marked. */
  public enum Framing {
    CONTENT_LENGTH,
    CHUNKED,
    /** No length: the body ends when the server closes the connection. */
    CLOSE_DELIMITED
  }

  public Reply {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status " + status + " is not three digits");
    }
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(version, "version");
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(framing, "framing");
    interim = List.copyOf(interim);
    for (int code : interim) {
      if (code < 100 || code > 199) {
        throw new IllegalArgumentException("interim status " + code + " is not 1xx");
      }
    }
    Objects.requireNonNull(firstByteDelay, "firstByteDelay");
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(trickleInterval, "trickleInterval");
  }

  /** {@code 200 OK} with the body {@code ok}. */
  public static Reply ok() {
    return status(200).withBody("ok\n");
  }

  /** A reply with this status, its usual reason and a short text body naming it. */
  public static Reply status(int code) {
    String reason = reasonOf(code);
    return new Reply(
        code,
        reason,
        "HTTP/1.1",
        List.of(new Header("Content-Type", "text/plain; charset=utf-8")),
        code + " " + reason + "\n",
        Framing.CONTENT_LENGTH,
        List.of(),
        Duration.ZERO,
        Fault.NONE,
        Duration.ofSeconds(1),
        96 * 1024,
        false,
        false);
  }

  /** A {@code 200 OK} delivered with this fault. */
  public static Reply fault(Fault fault) {
    return ok().withFault(fault);
  }

  public Reply withFault(Fault newFault) {
    return edit(d -> d.fault = newFault);
  }

  public Reply withReason(String newReason) {
    return edit(d -> d.reason = newReason);
  }

  /** An {@code HTTP/1.0} status line; the connection closes after the reply. */
  public Reply withHttp10() {
    return edit(
        d -> {
          d.version = "HTTP/1.0";
          d.closeConnection = true;
        });
  }

  /** Adds a header field (after the existing ones). */
  public Reply withHeader(String name, String value) {
    return edit(d -> d.headers.add(new Header(name, value)));
  }

  /** Removes every field of this name (e.g. the default {@code Content-Type}). */
  public Reply withoutHeader(String name) {
    return edit(d -> d.headers.removeIf(h -> h.name().equalsIgnoreCase(name)));
  }

  public Reply withBody(String newBody) {
    return edit(d -> d.body = newBody);
  }

  /** Marks the body's end this way; a close-delimited body also closes the connection. */
  public Reply withFraming(Framing newFraming) {
    return edit(
        d -> {
          d.framing = newFraming;
          d.closeConnection |= newFraming == Framing.CLOSE_DELIMITED;
        });
  }

  /** Sends interim responses (e.g. {@code 103 Early Hints}) before this one. */
  public Reply withInterim(int... codes) {
    return edit(
        d -> {
          for (int code : codes) {
            d.interim.add(code);
          }
        });
  }

  /** Waits this long after reading the request before writing the first byte. */
  public Reply withFirstByteDelay(Duration delay) {
    return edit(d -> d.firstByteDelay = delay);
  }

  /** Trickles the reply one byte per interval ({@link Fault#TRICKLE}). */
  public Reply withTrickle(Duration interval) {
    return edit(
        d -> {
          d.fault = Fault.TRICKLE;
          d.trickleInterval = interval;
        });
  }

  /** Pads the header block past this many bytes ({@link Fault#OVERSIZED_HEADERS}). */
  public Reply withOversizedHeaderBytes(int bytes) {
    return edit(
        d -> {
          d.fault = Fault.OVERSIZED_HEADERS;
          d.oversizedHeaderBytes = bytes;
        });
  }

  /** Closes the connection after this reply, announcing it with {@code Connection: close}. */
  public Reply withCloseConnection() {
    return edit(
        d -> {
          d.closeConnection = true;
          d.silentClose = false;
        });
  }

  /**
   * Closes the connection after this reply without announcing it: the client believes the
   * connection is still good, as it does when a server's keep-alive timeout fires.
   */
  public Reply withSilentClose() {
    return edit(
        d -> {
          d.closeConnection = true;
          d.silentClose = true;
        });
  }

  private Reply edit(java.util.function.Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** A mutable copy, so that each {@code with…} method names only what it changes. */
  private static final class Draft {
    int status;
    String reason;
    String version;
    List<Header> headers;
    String body;
    Framing framing;
    List<Integer> interim;
    Duration firstByteDelay;
    Fault fault;
    Duration trickleInterval;
    int oversizedHeaderBytes;
    boolean closeConnection;
    boolean silentClose;

    Draft(Reply r) {
      status = r.status;
      reason = r.reason;
      version = r.version;
      headers = new ArrayList<>(r.headers);
      body = r.body;
      framing = r.framing;
      interim = new ArrayList<>(r.interim);
      firstByteDelay = r.firstByteDelay;
      fault = r.fault;
      trickleInterval = r.trickleInterval;
      oversizedHeaderBytes = r.oversizedHeaderBytes;
      closeConnection = r.closeConnection;
      silentClose = r.silentClose;
    }

    Reply build() {
      return new Reply(
          status,
          reason,
          version,
          headers,
          body,
          framing,
          interim,
          firstByteDelay,
          fault,
          trickleInterval,
          oversizedHeaderBytes,
          closeConnection,
          silentClose);
    }
  }

  /** The usual reason phrase of a status, or an empty string. */
  public static String reasonOf(int code) {
    return switch (code) {
      case 100 -> "Continue";
      case 101 -> "Switching Protocols";
      case 103 -> "Early Hints";
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
