package dev.probefleet.captures;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  /**
   * Reads strictly: text after the document is an error (a concatenated or half-overwritten file),
   * as is a repeated member name (two values for one field: which one was meant?).
   */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Two-space indentation, {@code "name": value}, one array element per line, {@code []}. */
  private static final ObjectWriter WRITER =
      JSON.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withArrayIndenter(new DefaultIndenter("  ", "\n"))
              .withObjectIndenter(new DefaultIndenter("  ", "\n")));

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
   * becomes a list of its values, at the place of its first occurrence. Indented by two spaces, one
   * value per line, so a re-recording diffs line by line.
   */
  public String toJson() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("status", status);
    doc.put("reason", reason);
    doc.put("version", version);
    ObjectNode headerMap = doc.putObject("headers");
    Map<String, String> spelling = new LinkedHashMap<>();
    for (Header h : headers) {
      String name = spelling.computeIfAbsent(h.name().toLowerCase(Locale.ROOT), k -> h.name());
      JsonNode existing = headerMap.get(name);
      if (existing == null) {
        headerMap.put(name, h.value());
      } else if (existing instanceof ArrayNode list) {
        list.add(h.value());
      } else {
        headerMap.putArray(name).add(existing).add(h.value());
      }
    }
    doc.put("body", body);
    ObjectNode m = doc.putObject("meta");
    m.put("software", software.id());
    m.put("softwareVersion", meta.softwareVersion());
    m.put("scenario", scenario.id());
    m.put("upstream", meta.upstream());
    m.put("request", meta.request());
    m.put("capturedAt", meta.capturedAt());
    ArrayNode log = m.putArray("log");
    meta.log().forEach(log::add);
    try {
      return WRITER.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a tree of strings and numbers as JSON", e);
    }
  }

  /**
   * Reads a page written by {@link #toJson()}.
   *
   * @param source names the file or resource in error messages
   * @throws MalformedCaptureException naming the source and the field
   */
  public static CapturedPage fromJson(String json, String source) {
    JsonNode doc;
    try {
      doc = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      String at =
          where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      throw new MalformedCaptureException(source, "not JSON: " + e.getOriginalMessage() + at, e);
    }
    if (doc == null || !doc.isObject()) {
      throw new MalformedCaptureException(source, "the document is not a JSON object");
    }
    JsonNode status = doc.get("status");
    if (status == null || !status.isIntegralNumber() || !status.canConvertToInt()) {
      throw new MalformedCaptureException(source, "'status' is missing or not an integer");
    }
    String reason = optionalString(doc, "reason", source, "");
    String version = optionalString(doc, "version", source, "HTTP/1.1");
    String body = optionalString(doc, "body", source, "");
    List<Header> headers = new ArrayList<>();
    JsonNode rawHeaders = doc.get("headers");
    if (rawHeaders != null && !rawHeaders.isNull()) {
      if (!rawHeaders.isObject()) {
        throw new MalformedCaptureException(source, "'headers' is not an object");
      }
      for (Map.Entry<String, JsonNode> e : rawHeaders.properties()) {
        String name = e.getKey();
        JsonNode value = e.getValue();
        if (value.isTextual()) {
          headers.add(new Header(name, value.textValue()));
        } else if (value.isArray()) {
          for (JsonNode v : value) {
            if (!v.isTextual()) {
              throw new MalformedCaptureException(
                  source, "header '" + name + "' has a list value that is not all strings");
            }
            headers.add(new Header(name, v.textValue()));
          }
        } else {
          throw new MalformedCaptureException(
              source, "header '" + name + "' is neither a string nor a list of strings");
        }
      }
    }
    JsonNode meta = doc.get("meta");
    if (meta == null || !meta.isObject()) {
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
    JsonNode lines = meta.get("log");
    if (lines != null && lines.isArray()) {
      for (JsonNode line : lines) {
        log.add(line.isTextual() ? line.textValue() : line.toString());
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
        software, scenario, version, status.intValue(), reason, headers, body, m);
  }

  private static String requiredString(JsonNode map, String field, String key, String source) {
    JsonNode value = map.get(key);
    if (value == null || !value.isTextual()) {
      throw new MalformedCaptureException(source, "'" + field + "' is missing or not a string");
    }
    return value.textValue();
  }

  private static String optionalString(JsonNode map, String key, String source, String fallback) {
    JsonNode value = map.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new MalformedCaptureException(source, "'" + key + "' is not a string");
    }
    return value.textValue();
  }
}
