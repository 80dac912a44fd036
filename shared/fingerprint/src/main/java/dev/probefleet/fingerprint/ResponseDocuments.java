package dev.probefleet.fingerprint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.ResponseHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the response document of {@code probefleet explain --response FILE} (DESIGN §3):
 *
 * <pre>{@code
 * {"status": 502, "reason": "Bad Gateway", "version": "HTTP/1.1",
 *  "headers": {"Server": "nginx", "Set-Cookie": ["a", "b"]}, "body": "…"}
 * }</pre>
 *
 * {@code status} is required; {@code reason} (default empty), {@code version} (default {@code
 * HTTP/1.1}), {@code headers} and {@code body} may be left out, because real evidence is often
 * partial (a header dump, a body copied from a browser). A header value may be a list of strings (a
 * repeated header). Other top-level keys are ignored, so a recorded page with its {@code meta}
 * reads as is. The body is taken as complete.
 */
public final class ResponseDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResponseDocuments() {}

  /**
   * Reads a document from a file.
   *
   * @throws InvalidResponseDocumentException naming the file and the field
   */
  public static CapturedResponse read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return read(text, file.toString());
  }

  /**
   * Reads a document from text.
   *
   * @param source names the document in error messages (a file name)
   * @throws InvalidResponseDocumentException naming the source and the field
   */
  public static CapturedResponse read(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonParseException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidResponseDocumentException(
          source,
          "",
          "is not JSON: "
              + e.getOriginalMessage()
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()),
          e);
    } catch (JsonProcessingException e) {
      throw new InvalidResponseDocumentException(
          source, "", "is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidResponseDocumentException(source, "", "is empty");
    }
    if (!root.isObject()) {
      throw new InvalidResponseDocumentException(
          source, "", "must be a JSON object, got " + kind(root));
    }
    int status = status(root.get("status"), source);
    String reason = optionalString(root, "reason", "", source);
    String version = optionalString(root, "version", "HTTP/1.1", source);
    String body = optionalString(root, "body", "", source);
    ResponseHeaders headers = headers(root.get("headers"), source);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new CapturedResponse(version, status, reason, headers, bytes, bytes.length, true);
  }

  private static int status(JsonNode node, String source) {
    if (node == null || node.isNull()) {
      throw new InvalidResponseDocumentException(source, "status", "is missing");
    }
    if (!node.isIntegralNumber()) {
      throw new InvalidResponseDocumentException(
          source, "status", "must be a number between 100 and 999, got " + kind(node) + " " + node);
    }
    long value = node.asLong();
    if (!node.canConvertToInt() || value < 100 || value > 999) {
      throw new InvalidResponseDocumentException(
          source, "status", "must be a number between 100 and 999, got " + node);
    }
    return (int) value;
  }

  private static String optionalString(JsonNode root, String key, String fallback, String source) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw new InvalidResponseDocumentException(
          source, key, "must be a string, got " + kind(node));
    }
    return node.asText();
  }

  private static ResponseHeaders headers(JsonNode node, String source) {
    if (node == null || node.isNull()) {
      return ResponseHeaders.EMPTY;
    }
    if (!node.isObject()) {
      throw new InvalidResponseDocumentException(
          source, "headers", "must be an object of name: value, got " + kind(node));
    }
    List<ResponseHeaders.Field> fields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      if (name.isBlank()) {
        throw new InvalidResponseDocumentException(source, "headers", "has an empty header name");
      }
      JsonNode value = e.getValue();
      if (value.isTextual()) {
        fields.add(new ResponseHeaders.Field(name, value.asText()));
      } else if (value.isArray()) {
        int i = 0;
        for (JsonNode item : value) {
          if (!item.isTextual()) {
            throw new InvalidResponseDocumentException(
                source, "headers." + name + "[" + i + "]", "must be a string, got " + kind(item));
          }
          fields.add(new ResponseHeaders.Field(name, item.asText()));
          i++;
        }
      } else {
        throw new InvalidResponseDocumentException(
            source, "headers." + name, "must be a string or a list of strings, got " + kind(value));
      }
    }
    return new ResponseHeaders(fields);
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }
}
