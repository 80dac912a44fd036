package dev.probefleet.attribution.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What error pages say about why a proxy failed: vendor status codes and the phrases proxies put in
 * their pages (and the fingerprinter puts in its {@code meaning}). A small, ordered table: the
 * first rule that fires wins, so the more specific rules come first (a Cloudflare 522 "connection
 * timed out" is a connect failure, not a timeout; Envoy's "reset reason: connection timeout"
 * likewise).
 */
public final class PagePhrases {

  /** What a page says happened between the layer and its upstream. */
  public enum Kind {
    /** TLS between the hops failed. */
    TLS,
    /** Every upstream is marked down by health checks. */
    NO_HEALTHY,
    /** The layer could not open a connection to its upstream. */
    CONNECT,
    /** The upstream's headers did not fit the layer's buffers. */
    HEADER_TOO_LARGE,
    /** The upstream's answer was unusable (invalid, closed early, reset). */
    INVALID,
    /** The layer gave up waiting. */
    TIMEOUT
  }

  private record Rule(Kind kind, String generator, Set<Integer> statuses, List<String> phrases) {
    boolean fires(String gen, int status, String text) {
      if (generator != null && !generator.equals(gen)) {
        return false;
      }
      if (!statuses.isEmpty() && !statuses.contains(status)) {
        return false;
      }
      return phrases.isEmpty() || phrases.stream().anyMatch(text::contains);
    }
  }

  private static final List<Rule> RULES =
      List.of(
          vendor(Kind.CONNECT, "cloudflare", 521, 522, 523),
          vendor(Kind.TIMEOUT, "cloudflare", 524),
          vendor(Kind.TLS, "cloudflare", 525, 526),
          vendor(Kind.INVALID, "cloudflare", 520),
          // CloudFront's 504 page blames the connection ("the attempt failed or the origin closed
          // the connection") for read timeouts too; the timings tell the two apart.
          vendor(Kind.TIMEOUT, "cloudfront", 504),
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
          vendor(Kind.NO_HEALTHY, "alb", 503),
          vendor(Kind.NO_HEALTHY, "elb-classic", 503),
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
              "took too long"),
          vendor(Kind.TIMEOUT, null, 504));

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
   * @param generator who wrote it ({@code unknown} when not known)
   * @param status its status
   * @param text its meaning, reason phrase and body, lower case
   */
  public static Optional<Kind> match(String generator, int status, String text) {
    return RULES.stream().filter(r -> r.fires(generator, status, text)).map(Rule::kind).findFirst();
  }

  /** Whether the text reads like a page a web server or proxy wrote itself. */
  public static boolean serverPage(String text) {
    return SERVER_PAGE.stream().anyMatch(text::contains);
  }

  private static Rule vendor(Kind kind, String generator, Integer... statuses) {
    return new Rule(kind, generator, Set.of(statuses), List.of());
  }

  private static Rule phrases(Kind kind, String... phrases) {
    return new Rule(kind, null, Set.of(), List.of(phrases));
  }
}
