package dev.probefleet.attribution.internal;

import dev.probefleet.model.Cause;
import java.util.List;
import java.util.Optional;

/**
 * What an error page's own words say about why a proxy failed, for pages whose fingerprint pins no
 * cause: pages nobody recognised (a proxy's page cut short, an unknown generator) and the pages of
 * known software whose meaning leaves the cause open. Which cause a recognised page pins (its
 * vendor code, its text) is data, the {@code cause} of the fingerprint rules' meanings ({@code
 * rules.yaml}), carried by {@link dev.probefleet.model.Fingerprint#pageCause()}; this table is the
 * fallback. A small, ordered table: the first rule that fires wins, so the more specific rules come
 * first (Envoy's "reset reason: connection timeout" is a connect failure, not a timeout).
 */
public final class PagePhrases {

  /** What a page says happened between the layer and its upstream. */
  public enum Kind {
    /** TLS between the hops failed. */
    TLS(Cause.UPSTREAM_TLS_FAILED),
    /** Every upstream is marked down by health checks. */
    NO_HEALTHY(Cause.NO_HEALTHY_UPSTREAM),
    /** The layer could not open a connection to its upstream. */
    CONNECT(Cause.UPSTREAM_CONNECT_FAILED),
    /** The upstream's headers did not fit the layer's buffers. */
    HEADER_TOO_LARGE(Cause.UPSTREAM_HEADER_TOO_LARGE),
    /** The upstream's answer was unusable (invalid, closed early, reset): no cause of its own. */
    INVALID(null),
    /** The layer gave up waiting. */
    TIMEOUT(Cause.UPSTREAM_TIMEOUT);

    private final Cause cause;

    Kind(Cause cause) {
      this.cause = cause;
    }

    /** The cause such a page names, if it names one. */
    public Optional<Cause> cause() {
      return Optional.ofNullable(cause);
    }
  }

  private record Rule(Kind kind, List<String> phrases) {
    boolean fires(String text) {
      return phrases.stream().anyMatch(text::contains);
    }
  }

  private static final List<Rule> RULES =
      List.of(
          phrases(
              Kind.TLS,
              "ssl handshake",
              "tls handshake",
              "tls error",
              "tls_error",
              "ssl_do_handshake",
              "ssl routines",
              "certificate verify failed",
              "invalid ssl certificate",
              "ssl certificate",
              "handshake failure",
              "peer certificate"),
          phrases(
              Kind.NO_HEALTHY,
              "no healthy upstream",
              "no live upstreams",
              "no healthy target",
              "no registered target",
              "no healthy backend",
              "no healthy host",
              "backends are unhealthy"),
          phrases(
              Kind.CONNECT,
              "no server is available",
              "no server available",
              "could not connect",
              "able to connect",
              "couldn't connect",
              "cannot connect",
              "can't connect",
              "unable to connect",
              "failed to connect",
              "connection refused",
              "connect() failed",
              "while connecting to upstream",
              "reset reason: connection failure",
              "reset reason: connection timeout",
              "web server is down",
              "origin is unreachable",
              "host is unreachable",
              "no route to host",
              "backend fetch failed",
              "dns lookup failure"),
          phrases(
              Kind.HEADER_TOO_LARGE,
              "too big header",
              "header too large",
              "headers too large",
              "header too big",
              "headers too big"),
          phrases(
              Kind.INVALID,
              "invalid or incomplete response",
              "invalid response",
              "invalid header",
              "upstream sent invalid",
              "prematurely closed",
              "error reading from remote server",
              "reset reason: connection termination",
              "reset reason: remote reset",
              "connection reset",
              "empty reply",
              "unknown error"),
          phrases(
              Kind.TIMEOUT,
              "didn't respond in time",
              "did not respond in time",
              "timed out",
              "timeout",
              "time-out",
              "time out",
              "took too long"));

  /** Phrases of the pages web servers and proxies write themselves (not the application). */
  private static final List<String> SERVER_PAGE =
      List.of(
          "bad gateway",
          "gateway time-out",
          "gateway timeout",
          "service temporarily unavailable",
          "<center>nginx",
          "<center>openresty",
          "proxy error",
          "<address>apache",
          "no server is available",
          "backend fetch failed",
          "upstream connect error",
          "no healthy upstream",
          "guru meditation");

  private PagePhrases() {}

  /**
   * What a page says, if anything we know.
   *
   * @param status its status (a 504 says its hop gave up waiting even without a phrase)
   * @param text its reason phrase and body, lower case
   */
  public static Optional<Kind> match(int status, String text) {
    Optional<Kind> said = RULES.stream().filter(r -> r.fires(text)).map(Rule::kind).findFirst();
    return said.isPresent() || status != 504 ? said : Optional.of(Kind.TIMEOUT);
  }

  /** Whether the text reads like a page a web server or proxy wrote itself. */
  public static boolean serverPage(String text) {
    return SERVER_PAGE.stream().anyMatch(text::contains);
  }

  private static Rule phrases(Kind kind, String... phrases) {
    return new Rule(kind, List.of(phrases));
  }
}
