package dev.probefleet.model;

/**
 * Why a layer fails — a closed list, also used as an SNS filter attribute (DESIGN §1). Every
 * failing {@link FailureClass} is a cause by itself (the same name); the rest explain a layer from
 * what its direct probe and the error page of the layer below showed.
 */
public enum Cause {
  DNS_FAILURE,
  DNS_UNEXPECTED_ADDRESS,
  CONNECTION_REFUSED,
  CONNECT_TIMEOUT,
  NETWORK_UNREACHABLE,
  TLS_HANDSHAKE_FAILED,
  TLS_CERTIFICATE_INVALID,
  RESPONSE_TIMEOUT,
  DOWNLOAD_TIMEOUT,
  PREMATURE_CLOSE,
  CONNECTION_RESET,
  INVALID_RESPONSE,
  OVERSIZED_HEADER,
  BODY_TRUNCATED,
  HTTP_5XX,
  HTTP_UNEXPECTED_STATUS,
  ASSERTION_FAILED,
  /** A web server answers, but the application server behind it is down. */
  UPSTREAM_APP_DOWN,
  /**
   * The layer cannot connect to an upstream that answers when probed directly: wrong host or port,
   * a firewall between the hops.
   */
  UPSTREAM_CONNECT_FAILED,
  /** TLS between hops fails: SNI, certificate, protocol. */
  UPSTREAM_TLS_FAILED,
  /** The layer gave up on an upstream that answers directly: its timeout is too short. */
  UPSTREAM_TIMEOUT,
  /** The layer's buffers cannot take the headers the upstream sends. */
  UPSTREAM_HEADER_TOO_LARGE,
  NO_HEALTHY_UPSTREAM,
  /** Some requests of a burst, or some rounds, fail and others do not. */
  INTERMITTENT_5XX,
  /** One origin instance fails while the load balancer still answers. */
  INSTANCE_DEGRADED,
  CERTIFICATE_EXPIRING,
  NONE,
  UNKNOWN;

  /** The cause named after a failing class; {@link #NONE} for OK. */
  public static Cause of(FailureClass failureClass) {
    return failureClass == FailureClass.OK ? NONE : valueOf(failureClass.name());
  }
}
