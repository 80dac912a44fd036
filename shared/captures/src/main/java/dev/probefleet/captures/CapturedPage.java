package dev.probefleet.captures;

import dev.probefleet.captures.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One response recorded from real software: its status line, its header fields in the order
 * received (repeated names kept) and its body (de-chunked), with what was recorded about how it
 * came about.
 *
 * <p>Its JSON form is the document {@code probefleet explain --response FILE} reads (DESIGN §3),
 * plus a {@code meta} object that readers of that contract ignore.
 *
 * @param software the software that wrote it
 * @param scenario what its upstream did
 * @param version protocol version of the status line, e.g. {@code HTTP/1.1}
 * @param status status code
 * @param reason reason phrase, possibly empty
 * @param headers header fields as received
 * @param body the body as text (UTF-8)
 * @param meta how it was recorded
 */
public record CapturedPage(
    Software software,
    Scenario scenario,
    String version,
    int status,
    String reason,
    List<CapturedPage.Header> headers,
    String body,
    CapturedPage.Meta meta) {

  /** Header fields that describe one connection's framing, not the page. */
  private static final Set<String> FRAMING =
      Set.of("content-length", "transfer-encoding", "connection", "keep-alive");

  /** One header field, name as received. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * How a page was recorded.
   *
   * @param softwareVersion what the software said of its version ({@code nginx -v} …)
   * @param upstream what the upstream did, in words
   * @param request the request line sent
   * @param capturedAt when, ISO-8601 UTC
   * @param log the lines the software logged about this request (error log, or access log where
   *     that is where it says why), in order; may be empty
   */
  public record Meta(
      String softwareVersion,
      String upstream,
      String request,
      String capturedAt,
      List<String> log) {
    public Meta {
      Objects.requireNonNull(softwareVersion, "softwareVersion");
      Objects.requireNonNull(upstream, "upstream");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(capturedAt, "capturedAt");
      log = List.copyOf(log);
    }
  }

  public CapturedPage {
    Objects.requireNonNull(software, "software");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(meta, "meta");
  }

  /** The status line, e.g. {@code HTTP/1.1 502 Bad Gateway}. */
  public String statusLine() {
    return reason.isEmpty() ? version + " " + status : version + " " + status + " " + reason;
  }

  /** The first value of a header (name case ignored). */
  public Optional<String> header(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst();
  }

  /** Every value of a header (name case ignored), in order. */
  public List<String> headerValues(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .toList();
  }

  /** The body's bytes (UTF-8). */
  public byte[] bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The headers to serve this page again: the recorded ones without the fields that described the
   * recorded connection's framing ({@code Content-Length}, {@code Transfer-Encoding}, {@code
   * Connection}, {@code Keep-Alive}) — the body is kept de-chunked, so the recorded framing would
   * be wrong for it.
   */
  public List<Header> headersForServing() {
    return headers.stream()
        .filter(h -> !FRAMING.contains(h.name().toLowerCase(Locale.ROOT)))
        .toList();
  }

  /**
   * The whole page as bytes for an HTTP/1.1 connection: the recorded status line, {@link
   * #headersForServing()}, then {@code Content-Length} of the body and {@code Connection: close},
   * and the body.
   */
  public byte[] wireBytes() {
    byte[] bodyBytes = bodyBytes();
    StringBuilder head = new StringBuilder(statusLine()).append("\r\n");
    for (Header h : headersForServing()) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + bodyBytes.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
    return all;
  }

  /**
   * The page as the {@code explain --response} document, with {@code meta}. A repeated header
   * becomes a list of its values, at the place of its first occurrence.
   */
  public String toJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("status", status);
    doc.put("reason", reason);
    doc.put("version", version);
    Map<String, Object> headerMap = new LinkedHashMap<>();
    Map<String, String> spelling = new LinkedHashMap<>();
    for (Header h : headers) {
      String key = h.name().toLowerCase(Locale.ROOT);
      String name = spelling.computeIfAbsent(key, k -> h.name());
      Object existing = headerMap.get(name);
      if (existing == null) {
        headerMap.put(name, h.value());
      } else if (existing instanceof String s) {
        headerMap.put(name, new ArrayList<>(List.of(s, h.value())));
      } else {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) existing;
        list.add(h.value());
      }
    }
    doc.put("headers", headerMap);
    doc.put("body", body);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("software", software.id());
    m.put("softwareVersion", meta.softwareVersion());
    m.put("scenario", scenario.id());
    m.put("upstream", meta.upstream());
    m.put("request", meta.request());
    m.put("capturedAt", meta.capturedAt());
    m.put("log", meta.log());
    doc.put("meta", m);
    return Json.write(doc);
  }

  /**
   * Reads a page written by {@link #toJson()}.
   *
   * @param source names the file or resource in error messages
   * @throws MalformedCaptureException naming the source and the field
   */
  public static CapturedPage fromJson(String json, String source) {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (Json.SyntaxException e) {
      throw new MalformedCaptureException(source, "not JSON: " + e.getMessage(), e);
    }
    if (!(parsed instanceof Map<?, ?> doc)) {
      throw new MalformedCaptureException(source, "the document is not a JSON object");
    }
    if (!(doc.get("status") instanceof Long status)) {
      throw new MalformedCaptureException(source, "'status' is missing or not an integer");
    }
    String reason = optionalString(doc, "reason", source, "");
    String version = optionalString(doc, "version", source, "HTTP/1.1");
    String body = optionalString(doc, "body", source, "");
    List<Header> headers = new ArrayList<>();
    Object rawHeaders = doc.get("headers");
    if (rawHeaders != null) {
      if (!(rawHeaders instanceof Map<?, ?> map)) {
        throw new MalformedCaptureException(source, "'headers' is not an object");
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String name = (String) e.getKey();
        switch (e.getValue()) {
          case String s -> headers.add(new Header(name, s));
          case List<?> list -> {
            for (Object v : list) {
              if (!(v instanceof String s)) {
                throw new MalformedCaptureException(
                    source, "header '" + name + "' has a list value that is not all strings");
              }
              headers.add(new Header(name, s));
            }
          }
          default ->
              throw new MalformedCaptureException(
                  source, "header '" + name + "' is neither a string nor a list of strings");
        }
      }
    }
    if (!(doc.get("meta") instanceof Map<?, ?> meta)) {
      throw new MalformedCaptureException(source, "'meta' is missing or not an object");
    }
    Software software;
    Scenario scenario;
    try {
      software = Software.ofId(requiredString(meta, "meta.software", "software", source));
      scenario = Scenario.ofId(requiredString(meta, "meta.scenario", "scenario", source));
    } catch (IllegalArgumentException e) {
      throw new MalformedCaptureException(source, e.getMessage(), e);
    }
    List<String> log = new ArrayList<>();
    if (meta.get("log") instanceof List<?> lines) {
      for (Object line : lines) {
        log.add(String.valueOf(line));
      }
    }
    Meta m =
        new Meta(
            requiredString(meta, "meta.softwareVersion", "softwareVersion", source),
            optionalString(meta, "upstream", source, scenario.description()),
            optionalString(meta, "request", source, ""),
            optionalString(meta, "capturedAt", source, ""),
            log);
    return new CapturedPage(
        software, scenario, version, Math.toIntExact(status), reason, headers, body, m);
  }

  private static String requiredString(Map<?, ?> map, String field, String key, String source) {
    if (!(map.get(key) instanceof String s)) {
      throw new MalformedCaptureException(source, "'" + field + "' is missing or not a string");
    }
    return s;
  }

  private static String optionalString(Map<?, ?> map, String key, String source, String fallback) {
    Object value = map.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw new MalformedCaptureException(source, "'" + key + "' is not a string");
    }
    return s;
  }
}
