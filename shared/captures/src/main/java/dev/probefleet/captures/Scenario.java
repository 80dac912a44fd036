package dev.probefleet.captures;

import java.util.List;

/**
 * What the upstream behind the recorded software does. Every scenario but {@link #HEALTHY} makes
 * the software write its own error response.
 */
public enum Scenario {
  /** The upstream answers a plain 200: what a healthy answer through this software looks like. */
  HEALTHY("healthy", "an upstream answering 200 normally"),
  /** Nothing listens on the upstream port: connection refused. */
  REFUSED("refused", "a closed upstream port (connection refused)"),
  /** The upstream sends a header line without a colon. */
  INVALID_HEADER("invalid-header", "an upstream sending a header line without a colon"),
  /** The upstream reads the request and closes without sending anything. */
  CLOSED_BEFORE_HEADERS(
      "closed-before-headers", "an upstream closing the connection before sending headers"),
  /** The upstream answers after the software's (short) read timeout. */
  TIMEOUT("timeout", "an upstream answering after the proxy's 1 s read timeout"),
  /** The upstream sends a 70 KB Set-Cookie header, beyond the software's header buffers. */
  OVERSIZED_HEADER("oversized-header", "an upstream sending a 70 KB response header"),
  /**
   * Every server of the upstream group is marked down (health checks, or earlier failures), so the
   * software has nowhere to send the request.
   */
  NO_HEALTHY_UPSTREAM("no-healthy-upstream", "an upstream group whose servers are all marked down"),
  /** The upstream is a unix socket path that does not exist. */
  MISSING_SOCKET("missing-socket", "a unix socket upstream whose path does not exist"),
  /**
   * The upstream listens but never accepts, and its accept queue is full, so the kernel drops the
   * proxy's SYNs: the connection attempt times out (after the proxy's 1 s connect timeout), as
   * behind a firewall that drops packets or on an overwhelmed host.
   */
  CONNECT_TIMEOUT(
      "connect-timeout",
      "an upstream whose accept queue is full, so connection attempts time out (1 s connect"
          + " timeout)"),
  /** The upstream reads the request, then resets the connection (RST, {@code SO_LINGER} 0). */
  RESET("reset", "an upstream resetting the connection (RST) after reading the request"),
  /**
   * The proxy speaks TLS to the upstream with certificate verification on, and the upstream's
   * certificate is self-signed, not issued by the CA the proxy trusts: the handshake (or the check
   * right after it) fails. This is what an operator meets after turning verification on in front of
   * a backend with a self-signed or internal certificate.
   */
  UPSTREAM_TLS_UNTRUSTED(
      "upstream-tls-untrusted",
      "an HTTPS upstream with a self-signed certificate the proxy does not trust (verification"
          + " on)");

  private final String id;
  private final String description;

  Scenario(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The id used in file names, e.g. {@code closed-before-headers}. */
  public String id() {
    return id;
  }

  /** What the upstream does, in words (recorded in each capture's meta). */
  public String description() {
    return description;
  }

  /**
   * The scenario with this id.
   *
   * @throws IllegalArgumentException naming the known ids
   */
  public static Scenario ofId(String id) {
    for (Scenario s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown scenario '"
            + id
            + "'; known: "
            + List.of(values()).stream().map(Scenario::id).toList());
  }
}
