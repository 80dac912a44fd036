package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.ResponseHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What users rely on for pages recorded from real software (shipped or recorded live): the
 * generator each must fingerprint as, a phrase its meaning must carry, and the cause its logged
 * line must explain to. Shared by the unit tests (shipped pages) and the live integration test.
 */
final class CaptureCases {
  private CaptureCases() {}

  /**
   * The generator a page must fingerprint as: the software itself for its error pages; for healthy
   * answers the software where it marks them, and {@code unknown} for HAProxy, which relays a
   * healthy answer without any mark of its own.
   */
  static String expectedGenerator(CapturedPage page) {
    if (page.scenario() == Scenario.HEALTHY && page.software() == Software.HAPROXY) {
      return "unknown";
    }
    return page.software().id();
  }

  /** Error pages: everything but the healthy answers. */
  static boolean isErrorPage(CapturedPage page) {
    return page.scenario() != Scenario.HEALTHY;
  }

  /** A phrase the meaning of an error page must contain, by software and status (and page). */
  static String expectedMeaningPhrase(CapturedPage page) {
    String xSquid = page.header("X-Squid-Error").orElse("");
    return switch (page.software()) {
      case NGINX -> page.status() == 504 ? "nginx gave up waiting" : "nginx got no usable response";
      case HAPROXY ->
          switch (page.status()) {
            case 503 -> "No server could take the request";
            case 504 -> "timeout server";
            default -> "invalid or incomplete response";
          };
      case APACHE ->
          switch (page.status()) {
            case 503 -> "could not connect to the backend";
            case 500 -> "Error during SSL Handshake with remote server";
            default ->
                page.body().contains("Error reading from remote server")
                    ? "got no status line"
                    : "got an invalid response";
          };
      case VARNISH -> "could not fetch the object from its backend";
      case SQUID ->
          switch (xSquid.split(" ")[0]) {
            case "ERR_ZERO_SIZE_OBJECT" -> "without sending any response";
            case "ERR_INVALID_RESP" -> "could not parse";
            case "ERR_TOO_BIG" -> "exceeded Squid's limits";
            case "ERR_READ_TIMEOUT" -> "read_timeout";
            case "ERR_READ_ERROR" -> "failed reading from the upstream";
            case "ERR_CONNECT_FAIL" -> "could not connect to the upstream";
            default -> "Squid";
          };
      case CADDY -> page.status() == 504 ? "response_header_timeout" : "got no usable response";
    };
  }

  private static final Map<String, Cause> LOG_CAUSES =
      Map.ofEntries(
          Map.entry("nginx/refused", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("nginx/invalid-header", Cause.INVALID_RESPONSE),
          Map.entry("nginx/closed-before-headers", Cause.PREMATURE_CLOSE),
          Map.entry("nginx/timeout", Cause.UPSTREAM_TIMEOUT),
          Map.entry("nginx/oversized-header", Cause.UPSTREAM_HEADER_TOO_LARGE),
          Map.entry("nginx/no-healthy-upstream", Cause.NO_HEALTHY_UPSTREAM),
          Map.entry("nginx/missing-socket", Cause.UPSTREAM_APP_DOWN),
          Map.entry("nginx/connect-timeout", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("nginx/reset", Cause.CONNECTION_RESET),
          Map.entry("nginx/upstream-tls-untrusted", Cause.UPSTREAM_TLS_FAILED),
          Map.entry("haproxy/healthy", Cause.NONE),
          Map.entry("haproxy/refused", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("haproxy/invalid-header", Cause.INVALID_RESPONSE),
          Map.entry("haproxy/closed-before-headers", Cause.PREMATURE_CLOSE),
          Map.entry("haproxy/timeout", Cause.UPSTREAM_TIMEOUT),
          // PH-- says "rejected", not why: HAProxy's log cannot tell a bad header from a big one.
          Map.entry("haproxy/oversized-header", Cause.INVALID_RESPONSE),
          Map.entry("haproxy/no-healthy-upstream", Cause.NO_HEALTHY_UPSTREAM),
          Map.entry("haproxy/missing-socket", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("haproxy/connect-timeout", Cause.UPSTREAM_CONNECT_FAILED),
          // SH-- is logged for a reset as for a close: HAProxy's log says "aborted", not how.
          Map.entry("haproxy/reset", Cause.PREMATURE_CLOSE),
          // SC--: a failed TLS handshake to an "ssl" server is a failed connection in the log.
          Map.entry("haproxy/upstream-tls-untrusted", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("apache/refused", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("apache/invalid-header", Cause.INVALID_RESPONSE),
          Map.entry("apache/closed-before-headers", Cause.PREMATURE_CLOSE),
          Map.entry("apache/timeout", Cause.UPSTREAM_TIMEOUT),
          Map.entry("apache/oversized-header", Cause.UPSTREAM_HEADER_TOO_LARGE),
          Map.entry("apache/missing-socket", Cause.UPSTREAM_APP_DOWN),
          Map.entry("apache/connect-timeout", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("apache/reset", Cause.CONNECTION_RESET),
          Map.entry("apache/upstream-tls-untrusted", Cause.UPSTREAM_TLS_FAILED),
          Map.entry("varnish/refused", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("varnish/invalid-header", Cause.INVALID_RESPONSE),
          Map.entry("varnish/closed-before-headers", Cause.PREMATURE_CLOSE),
          Map.entry("varnish/timeout", Cause.UPSTREAM_TIMEOUT),
          Map.entry("varnish/oversized-header", Cause.UPSTREAM_HEADER_TOO_LARGE),
          Map.entry("varnish/no-healthy-upstream", Cause.NO_HEALTHY_UPSTREAM),
          Map.entry("varnish/connect-timeout", Cause.UPSTREAM_CONNECT_FAILED),
          // "HTC eof (-1)" is logged for a reset as for a close.
          Map.entry("varnish/reset", Cause.PREMATURE_CLOSE),
          // Squid refused: it answers ERR_READ_ERROR and logs only its access line (HIER_NONE).
          Map.entry("squid/refused", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("squid/invalid-header", Cause.INVALID_RESPONSE),
          Map.entry("squid/closed-before-headers", Cause.PREMATURE_CLOSE),
          Map.entry("squid/timeout", Cause.UPSTREAM_TIMEOUT),
          // Only the access line is logged for a too big reply; the page's ERR_TOO_BIG says why.
          Map.entry("squid/oversized-header", Cause.UNKNOWN),
          // Squid's start-up probe finds the peer dead: HIER_NONE, as for a refused peer.
          Map.entry("squid/connect-timeout", Cause.UPSTREAM_CONNECT_FAILED),
          // Only the access line again; the page's "ERR_READ_ERROR 104" says it was a reset.
          Map.entry("squid/reset", Cause.UNKNOWN),
          Map.entry("caddy/refused", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("caddy/invalid-header", Cause.INVALID_RESPONSE),
          Map.entry("caddy/closed-before-headers", Cause.PREMATURE_CLOSE),
          Map.entry("caddy/timeout", Cause.UPSTREAM_TIMEOUT),
          Map.entry("caddy/oversized-header", Cause.UPSTREAM_HEADER_TOO_LARGE),
          Map.entry("caddy/missing-socket", Cause.UPSTREAM_APP_DOWN),
          Map.entry("caddy/connect-timeout", Cause.UPSTREAM_CONNECT_FAILED),
          Map.entry("caddy/reset", Cause.CONNECTION_RESET),
          Map.entry("caddy/upstream-tls-untrusted", Cause.UPSTREAM_TLS_FAILED));

  /**
   * The cause the first explained line of a page's log must have; empty where the software logs
   * nothing a rule explains (healthy answers).
   */
  static Optional<Cause> expectedLogCause(CapturedPage page) {
    return Optional.ofNullable(LOG_CAUSES.get(page.software().id() + "/" + page.scenario().id()));
  }

  /**
   * Squid's native access-log line: the request's status and hierarchy code. Squid's error log is
   * cache.log; its access line says that a request failed, rarely why.
   */
  private static final Pattern SQUID_ACCESS_LINE = Pattern.compile("^\\d{9,10}\\.\\d{3}\\s+\\d+ ");

  /**
   * Checks every line a capture logged against the shipped log-line rules, naming the file and the
   * line on failure: each line is recognised as the capture's software; on an error page each
   * error-log line (all but Squid's access lines) is explained by a rule with a specific cause, not
   * {@code UNKNOWN} or {@code NONE}; on a healthy answer no line is explained as a failure. A line
   * that starts with whitespace continues the one before it (Squid's "current master transaction")
   * and is read with it.
   */
  static void assertLogLinesExplained(
      LogLineExplainer explainer, CapturedPage page, String source) {
    for (String line : page.meta().log()) {
      if (Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      LogLineExplanation e = explainer.explain(line);
      String where = source + ", log line: " + line;
      assertThat(e.software()).as(where).isEqualTo(page.software().id());
      if (!isErrorPage(page)) {
        assertThat(e.cause()).as(where).isIn(Cause.NONE, Cause.UNKNOWN);
      } else if (!SQUID_ACCESS_LINE.matcher(line).find()) {
        assertThat(e.rule()).as(where + " (no rule explains it)").isNotEmpty();
        assertThat(e.cause()).as(where).isNotIn(Cause.UNKNOWN, Cause.NONE);
      }
    }
  }

  /**
   * Where a shipped page lives on the class path, e.g. {@code
   * dev/probefleet/captures/nginx/reset.json}.
   */
  static String resourceName(CapturedPage page) {
    return CapturedPages.RESOURCE_ROOT + id(page) + ".json";
  }

  static String id(CapturedPage page) {
    return page.software().id() + "/" + page.scenario().id();
  }

  /** The page as a probe would have captured it. */
  static CapturedResponse response(CapturedPage page) {
    byte[] body = page.bodyBytes();
    return new CapturedResponse(
        page.version(), page.status(), page.reason(), headers(page), body, body.length, true);
  }

  /** Only the status line and headers (a header dump, or a HEAD-like capture). */
  static CapturedResponse headersOnly(CapturedPage page) {
    return new CapturedResponse(
        page.version(), page.status(), page.reason(), headers(page), new byte[0], 0, true);
  }

  /** Only the status code and the body (a page copied from a browser). */
  static CapturedResponse bodyOnly(CapturedPage page) {
    byte[] body = page.bodyBytes();
    return new CapturedResponse(
        page.version(), page.status(), "", ResponseHeaders.EMPTY, body, body.length, true);
  }

  /** The headers and the first {@code fraction} of the body, as a capped capture keeps it. */
  static CapturedResponse truncated(CapturedPage page, double fraction) {
    byte[] body = page.bodyBytes();
    byte[] head = Arrays.copyOf(body, (int) (body.length * fraction));
    return new CapturedResponse(
        page.version(), page.status(), page.reason(), headers(page), head, body.length, false);
  }

  static ResponseHeaders headers(CapturedPage page) {
    List<ResponseHeaders.Field> fields =
        page.headers().stream().map(h -> new ResponseHeaders.Field(h.name(), h.value())).toList();
    return new ResponseHeaders(fields);
  }
}
