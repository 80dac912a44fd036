package dev.probefleet.lab.topology;

/**
 * How one exchange between a hop and its upstream went wrong, in the terms a proxy's error log
 * uses. The failures before the response head is complete make the hop answer its own error page;
 * the ones after it ({@link #afterHeaders()}) can only cut the relayed response short.
 */
public enum UpstreamFailure {
  /** The upstream port refused the connection. */
  CONNECTION_REFUSED(Phase.CONNECT),
  /** The connect did not complete within the hop's connect timeout. */
  CONNECT_TIMEOUT(Phase.CONNECT),
  /** The TLS handshake with the upstream failed (SNI, certificate, protocol). */
  TLS_HANDSHAKE_FAILED(Phase.CONNECT),
  /** No upstream server is up: all marked down by health checks or by hand. */
  NO_LIVE_UPSTREAM(Phase.CONNECT),
  /** The upstream closed the connection before a complete response head. */
  CLOSED_BEFORE_HEADERS(Phase.HEADERS),
  /** The upstream reset the connection before a complete response head. */
  RESET_BEFORE_HEADERS(Phase.HEADERS),
  /** The upstream's status line is not {@code HTTP/1.x NNN reason}. */
  INVALID_STATUS_LINE(Phase.HEADERS),
  /** A header line of the upstream's response is malformed (no colon, bad name, folding). */
  INVALID_HEADER(Phase.HEADERS),
  /** The upstream's response head does not fit the hop's header buffer. */
  HEADER_TOO_LARGE(Phase.HEADERS),
  /** No complete response head within the hop's read timeout. */
  RESPONSE_TIMEOUT(Phase.HEADERS),
  /** The upstream closed the connection before the end of the body it announced. */
  BODY_CLOSED_EARLY(Phase.BODY),
  /** The upstream reset the connection in the middle of the body. */
  BODY_RESET(Phase.BODY),
  /** The body stopped arriving for longer than the hop's read timeout. */
  BODY_TIMEOUT(Phase.BODY),
  /** The body's chunked framing is malformed. */
  BODY_INVALID(Phase.BODY);

  private enum Phase {
    CONNECT,
    HEADERS,
    BODY
  }

  private final Phase phase;

  UpstreamFailure(Phase phase) {
    this.phase = phase;
  }

  /** Whether the failure happened while connecting, before a byte of the request was sent. */
  public boolean whileConnecting() {
    return phase == Phase.CONNECT;
  }

  /** Whether the response head had already been relayed, so no error page can be sent. */
  public boolean afterHeaders() {
    return phase == Phase.BODY;
  }
}
