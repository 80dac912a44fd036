package dev.probefleet.config.internal;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of scalar and list nodes, strict about YAML's implicit types: where a string is
 * expected, {@code 2024}, {@code yes} or {@code 1.10} (which YAML reads as a number or a boolean)
 * is an error that says to quote it, rather than a silent conversion.
 */
public final class YamlValues {

  private static final int SHOWN_CHARS = 60;

  private YamlValues() {}

  /** A string, reported as a type error otherwise. */
  public static Optional<String> string(Node node, String field, Problems problems) {
    return string(node, field, "a string", problems);
  }

  /** A string, with {@code expected} naming it in the type error. */
  public static Optional<String> string(
      Node node, String field, String expected, Problems problems) {
    problems.visit();
    if (node instanceof ScalarNode scalar && Tag.STR.equals(scalar.getTag())) {
      return Optional.of(scalar.getValue());
    }
    problems.at(node, field, "expected " + expected + ", got " + describe(node) + quoteHint(node));
    return Optional.empty();
  }

  /** A whole decimal number, reported as a type error otherwise. */
  public static Optional<Integer> integer(
      Node node, String field, String expected, Problems problems) {
    problems.visit();
    if (node instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
      String text = scalar.getValue();
      if (text.matches("[-+]?[0-9]{10,}")) {
        problems.at(node, field, "'" + shown(text) + "' is far too large");
        return Optional.empty();
      }
      if (!text.matches("[-+]?[0-9]{1,9}")) {
        problems.at(node, field, "write '" + shown(text) + "' as a plain decimal number");
        return Optional.empty();
      }
      return Optional.of(Integer.parseInt(text));
    }
    String hint =
        node instanceof ScalarNode scalar
                && Tag.STR.equals(scalar.getTag())
                && scalar.getValue().matches("[0-9]+")
            ? "; write it without quotes"
            : "";
    problems.at(node, field, "expected " + expected + ", got " + describe(node) + hint);
    return Optional.empty();
  }

  /** {@code true} or {@code false}; YAML 1.1's {@code yes}/{@code on} spellings are refused. */
  public static Optional<Boolean> bool(Node node, String field, Problems problems) {
    problems.visit();
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
      String text = scalar.getValue();
      if (text.equalsIgnoreCase("true")) {
        return Optional.of(true);
      }
      if (text.equalsIgnoreCase("false")) {
        return Optional.of(false);
      }
    }
    String got =
        node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())
            ? scalar.getValue()
            : describe(node);
    problems.at(node, field, "expected true or false, got " + got);
    return Optional.empty();
  }

  /** A list's items; a type error otherwise. */
  public static Optional<List<Node>> list(
      Node node, String field, String expected, Problems problems) {
    problems.visit();
    if (node instanceof SequenceNode sequence && Tag.SEQ.equals(sequence.getTag())) {
      return Optional.of(sequence.getValue());
    }
    problems.at(node, field, "expected " + expected + ", got " + describe(node));
    return Optional.empty();
  }

  /** What a node is, for "expected X, got Y" messages. */
  public static String describe(Node node) {
    if (node instanceof MappingNode) {
      return Tag.MAP.equals(node.getTag()) ? "a mapping" : taggedAs(node);
    }
    if (node instanceof SequenceNode) {
      return Tag.SEQ.equals(node.getTag()) ? "a list" : taggedAs(node);
    }
    ScalarNode scalar = (ScalarNode) node;
    String value = shown(scalar.getValue());
    Tag tag = scalar.getTag();
    if (Tag.STR.equals(tag)) {
      return "the string '" + value + "'";
    }
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      return "the number " + value;
    }
    if (Tag.BOOL.equals(tag)) {
      return "the boolean " + value;
    }
    if (Tag.NULL.equals(tag)) {
      return "no value";
    }
    if (Tag.TIMESTAMP.equals(tag)) {
      return "the date " + value;
    }
    return taggedAs(node);
  }

  /** A value shortened for a message, control characters escaped so a message stays one line. */
  public static String shown(String value) {
    String shortened =
        value.length() <= SHOWN_CHARS ? value : value.substring(0, SHOWN_CHARS) + "…";
    StringBuilder out = new StringBuilder(shortened.length());
    for (int i = 0; i < shortened.length(); i++) {
      char c = shortened.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static String taggedAs(Node node) {
    String tag = node.getTag().getValue();
    String written = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    return "a value tagged " + written + " (YAML tags are not supported here)";
  }

  private static String quoteHint(Node node) {
    if (node instanceof ScalarNode scalar) {
      Tag tag = scalar.getTag();
      if (Tag.INT.equals(tag)
          || Tag.FLOAT.equals(tag)
          || Tag.BOOL.equals(tag)
          || Tag.TIMESTAMP.equals(tag)) {
        return "; quote it to use it as text: '" + shown(scalar.getValue()) + "'";
      }
    }
    return "";
  }
}
