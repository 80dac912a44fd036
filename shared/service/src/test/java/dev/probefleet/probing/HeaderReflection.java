package dev.probefleet.probing;

import dev.probefleet.lab.server.RecordedRequest;
import dev.probefleet.lab.server.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An endpoint that reflects the request's headers in its error page, as framework debug pages, echo
 * services and some proxies do: a 502 whose headers repeat every request header ({@code
 * X-Echo-<name>}) and whose HTML body lists them as is, HTML-escaped, URL-encoded (a query echo),
 * JSON-escaped, base64-encoded, and — for {@code Authorization: Basic} — decoded to {@code
 * user:password}. The encodings are written here, independently of the scrubbing code, so a
 * scrubber that forgets one of them leaves it in the evidence.
 */
public final class HeaderReflection {
  private HeaderReflection() {}

  /** The reply to one request: a 502 reflecting its headers. */
  public static Reply reflect(RecordedRequest request) {
    Reply reply = Reply.status(502).withHeader("Content-Type", "text/html; charset=utf-8");
    StringBuilder page =
        new StringBuilder("<html><head><title>502 Bad Gateway</title></head><body>\n")
            .append("<h1>Bad Gateway</h1><p>upstream failed; request dump follows</p>\n<table>\n");
    StringBuilder json = new StringBuilder("{");
    StringBuilder query = new StringBuilder("/retry?");
    for (Reply.Header h : request.headers()) {
      reply = reply.withHeader("X-Echo-" + h.name(), h.value());
      page.append("<tr><td>")
          .append(h.name())
          .append("</td><td>")
          .append(h.value())
          .append("</td><td>")
          .append(html(h.value()))
          .append("</td><td>")
          .append(Base64.getEncoder().encodeToString(h.value().getBytes(StandardCharsets.UTF_8)))
          .append("</td></tr>\n");
      json.append('"')
          .append(h.name())
          .append("\": \"")
          .append(jsonEscaped(h.value()))
          .append("\", ");
      query
          .append(URLEncoder.encode(h.name(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(h.value(), StandardCharsets.UTF_8))
          .append('&');
      if (h.name().equalsIgnoreCase("Authorization") && h.value().startsWith("Basic ")) {
        String decoded =
            new String(
                Base64.getDecoder().decode(h.value().substring("Basic ".length())),
                StandardCharsets.UTF_8);
        page.append("<p>basic credentials: ").append(html(decoded)).append("</p>\n");
        page.append("<p>password: ")
            .append(html(decoded.substring(decoded.indexOf(':') + 1)))
            .append("</p>\n");
      }
    }
    page.append("</table>\n<pre>")
        .append(html(json.append('}').toString()))
        .append("</pre>\n<a href=\"")
        .append(html(query.toString()))
        .append("\">retry</a>\n</body></html>\n");
    return reply.withHeader("Location", query.toString()).withBody(page.toString());
  }

  static String html(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  static String jsonEscaped(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
