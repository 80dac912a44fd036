package dev.probefleet.fingerprint.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.probefleet.fingerprint.InvalidRulesException;
import dev.probefleet.fingerprint.RulesResourceMissingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reading a rules file (YAML, or JSON) as a tree, with checks whose errors name the file, the rule
 * and the field: unknown keys, wrong types, bad regexes.
 */
public final class RulesText {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;

  public RulesText(String source) {
    this.source = source;
  }

  public String source() {
    return source;
  }

  /** Reads a class-path resource as UTF-8. */
  public static String resource(String name) {
    try (InputStream in = RulesText.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new RulesResourceMissingException(name, null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RulesResourceMissingException(name, e);
    }
  }

  /** Parses the content: JSON when it starts with '{', YAML otherwise. */
  public JsonNode parse(String content) {
    boolean json = content.stripLeading().startsWith("{");
    try {
      JsonNode root = (json ? JSON : YAML).readTree(content);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw error("", "", "the file is empty");
      }
      if (!root.isObject()) {
        throw error("", "", "the top level must be a mapping, got " + kind(root));
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null || at.getLineNr() < 0
              ? ""
              : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw error(
          "",
          "",
          "is not valid " + (json ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage());
    }
  }

  public InvalidRulesException error(String rule, String field, String problem) {
    return new InvalidRulesException(source, rule, field, problem);
  }

  /** Fails on a key outside the allowed ones, naming the allowed keys. */
  public void allowOnly(JsonNode object, Set<String> allowed, String rule, String path) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw error(
            rule,
            join(path, name),
            "unknown key; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  /** A required mapping. */
  public JsonNode object(JsonNode node, String rule, String field) {
    if (node == null || !node.isObject()) {
      throw error(
          rule, field, node == null ? "is missing" : "must be a mapping, got " + kind(node));
    }
    return node;
  }

  /** A list, or empty when absent. */
  public List<JsonNode> list(JsonNode parent, String key, String rule, String path) {
    JsonNode node = parent.get(key);
    List<JsonNode> items = new ArrayList<>();
    if (node == null || node.isNull()) {
      return items;
    }
    if (!node.isArray()) {
      throw error(rule, join(path, key), "must be a list, got " + kind(node));
    }
    node.forEach(items::add);
    return items;
  }

  /** A list of strings (a single string counts as a list of one), or empty when absent. */
  public List<String> strings(JsonNode parent, String key, String rule, String path) {
    JsonNode node = parent.get(key);
    List<String> items = new ArrayList<>();
    if (node == null || node.isNull()) {
      return items;
    }
    if (node.isTextual()) {
      items.add(node.asText());
      return items;
    }
    if (!node.isArray()) {
      throw error(
          rule, join(path, key), "must be a string or a list of strings, got " + kind(node));
    }
    int i = 0;
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw error(rule, join(path, key) + "[" + i + "]", "must be a string, got " + kind(item));
      }
      items.add(item.asText());
      i++;
    }
    return items;
  }

  /** A string, or null when absent. */
  public String optionalString(JsonNode parent, String key, String rule, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw error(rule, join(path, key), "must be a string, got " + kind(node));
    }
    return node.asText();
  }

  /** A non-empty string. */
  public String requiredString(JsonNode parent, String key, String rule, String path) {
    String value = optionalString(parent, key, rule, path);
    if (value == null || value.isBlank()) {
      throw error(rule, join(path, key), "is required");
    }
    return value;
  }

  /** A boolean, false when absent. */
  public boolean flag(JsonNode parent, String key, String rule, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw error(rule, join(path, key), "must be true or false, got " + kind(node));
    }
    return node.asBoolean();
  }

  /** A number in 0..1. */
  public double fraction(JsonNode parent, String key, String rule, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      throw error(rule, join(path, key), "is required (a number between 0 and 1)");
    }
    if (!node.isNumber()) {
      throw error(rule, join(path, key), "must be a number between 0 and 1, got " + kind(node));
    }
    double value = node.asDouble();
    if (value < 0.0 || value > 1.0) {
      throw error(rule, join(path, key), "must be between 0 and 1, got " + value);
    }
    return value;
  }

  /** A regex, compiled with the flags; null when absent. */
  public Pattern regex(JsonNode parent, String key, int flags, String rule, String path) {
    String text = optionalString(parent, key, rule, path);
    if (text == null) {
      return null;
    }
    try {
      return Pattern.compile(text, flags);
    } catch (PatternSyntaxException e) {
      throw error(
          rule,
          join(path, key),
          "invalid regex: "
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + " of '"
              + text
              + "'");
    }
  }

  public static String join(String path, String key) {
    return path == null || path.isEmpty() ? key : path + "." + key;
  }

  public static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "a mapping";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "nothing";
      case BINARY -> "binary data";
    };
  }
}
