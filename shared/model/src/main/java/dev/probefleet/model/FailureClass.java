package dev.probefleet.model;

/**
 * What happened to one probe, from the lowest phase that failed (DESIGN §1). Every class but {@link
 * #OK} counts as a failing path.
 */
public enum FailureClass {
  OK(Phase.NONE),
  /** NXDOMAIN, SERVFAIL, timeout or another resolver error; the detail says which. */
  DNS_FAILURE(Phase.DNS),
  /** Resolved, but to an address outside {@code expectAddresses}. */
  DNS_UNEXPECTED_ADDRESS(Phase.DNS),
  CONNECTION_REFUSED(Phase.CONNECT),
  CONNECT_TIMEOUT(Phase.CONNECT),
  NETWORK_UNREACHABLE(Phase.CONNECT),
  TLS_HANDSHAKE_FAILED(Phase.TLS),
  /** Expired, wrong name or untrusted; the detail says which. */
  TLS_CERTIFICATE_INVALID(Phase.TLS),
  /** Request written, no first byte in time. */
  RESPONSE_TIMEOUT(Phase.RESPONSE),
  /** The first byte came, the rest stalled past the deadline. */
  DOWNLOAD_TIMEOUT(Phase.RESPONSE),
  /** Closed before a complete header block; zero bytes means an empty reply. */
  PREMATURE_CLOSE(Phase.RESPONSE),
  CONNECTION_RESET(Phase.RESPONSE),
  /** Malformed status line or header. */
  INVALID_RESPONSE(Phase.RESPONSE),
  OVERSIZED_HEADER(Phase.RESPONSE),
  /** Fewer body bytes than the framing promised before the connection closed. */
  BODY_TRUNCATED(Phase.RESPONSE),
  /** A 5xx status; the status says which. */
  HTTP_5XX(Phase.HTTP),
  /** A status outside {@code expect.status}. */
  HTTP_UNEXPECTED_STATUS(Phase.HTTP),
  /** The status was fine, a body assertion was not. */
  ASSERTION_FAILED(Phase.HTTP);

  /** The phase a class belongs to, lowest first. */
  public enum Phase {
    NONE,
    DNS,
    CONNECT,
    TLS,
    RESPONSE,
    HTTP
  }

  private final Phase phase;

  FailureClass(Phase phase) {
    this.phase = phase;
  }

  public Phase phase() {
    return phase;
  }

  /** True for every class but {@link #OK}. */
  public boolean failing() {
    return this != OK;
  }

  /** True when no HTTP response (status line and headers) was received. */
  public boolean noResponse() {
    return phase != Phase.HTTP && this != OK;
  }
}
