package dev.probefleet.config.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read against its schema: a wrong type, keys that are not strings, duplicate keys
 * and unknown keys (with a did-you-mean) are reported when it is opened; values are then taken by
 * key.
 *
 * <p>YAML merge keys ({@code <<: *defaults}, or a list of aliases) are honoured, as YAML 1.1
 * defines them: keys written in the mapping win over merged ones, and earlier merged mappings win
 * over later ones. Keys a mapping merges are checked against the schema like written ones.
 */
public final class YamlMap {

  /** One key and its value. */
  public record Entry(ScalarNode key, String name, Node value) {}

  private final MappingNode node;
  private final String field;
  private final Problems problems;
  private final Map<String, Entry> entries;
  private final Set<String> suggested = new HashSet<>();

  private YamlMap(MappingNode node, String field, Problems problems, Map<String, Entry> entries) {
    this.node = node;
    this.field = field;
    this.problems = problems;
    this.entries = entries;
  }

  /**
   * Opens a mapping whose keys must be among {@code allowed}.
   *
   * @param expected what the mapping is, for the type error ("a path (a mapping with url)")
   * @param reserved keys that are not supported yet, each with the message to give
   */
  public static Optional<YamlMap> open(
      Node node,
      String field,
      String expected,
      List<String> allowed,
      Map<String, String> reserved,
      Problems problems) {
    return open(node, field, expected, problems)
        .map(
            map -> {
              map.rejectUnknown(allowed, reserved);
              return map;
            });
  }

  /** Opens a mapping with free keys (header names). */
  public static Optional<YamlMap> open(
      Node node, String field, String expected, Problems problems) {
    problems.visit();
    if (!(node instanceof MappingNode mapping) || !Tag.MAP.equals(mapping.getTag())) {
      problems.at(node, field, "expected " + expected + ", got " + YamlValues.describe(node));
      return Optional.empty();
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    flatten(mapping, field, problems, entries, Collections.newSetFromMap(new IdentityHashMap<>()));
    return Optional.of(new YamlMap(mapping, field, problems, entries));
  }

  /** The mapping node, for problems about the mapping as a whole. */
  public Node node() {
    return node;
  }

  /** The field path of the mapping. */
  public String field() {
    return field;
  }

  /** The field path of one of its keys. */
  public String field(String key) {
    return field.isEmpty() ? key : field + "." + key;
  }

  /** Whether no key is set. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Every key and value, written keys first in file order, then merged ones. */
  public Collection<Entry> entries() {
    return entries.values();
  }

  /** The value of an optional key. */
  public Optional<Node> optional(String key) {
    return Optional.ofNullable(entries.get(key)).map(Entry::value);
  }

  /**
   * The value of a required key; its absence is reported at the mapping, unless an unknown key was
   * already reported as its likely misspelling.
   */
  public Optional<Node> required(String key) {
    Optional<Node> value = optional(key);
    if (value.isEmpty() && !suggested.contains(key)) {
      problems.at(node, field, "missing required key '" + key + "'");
    }
    return value;
  }

  private void rejectUnknown(List<String> allowed, Map<String, String> reserved) {
    for (Entry entry : entries.values()) {
      if (allowed.contains(entry.name())) {
        continue;
      }
      String message;
      if (reserved.containsKey(entry.name())) {
        message = reserved.get(entry.name());
      } else {
        Optional<String> suggestion = Suggestions.closest(entry.name(), allowed);
        suggestion.ifPresent(suggested::add);
        message =
            "unknown key '"
                + YamlValues.shown(entry.name())
                + "' "
                + suggestion
                    .map(s -> "(did you mean '" + s + "'?)")
                    .orElse("(expected " + expectedKeys(allowed) + ")");
      }
      problems.at(entry.key(), field, message);
    }
    entries.keySet().removeIf(name -> !allowed.contains(name));
  }

  private static String expectedKeys(List<String> allowed) {
    return allowed.size() == 1 ? allowed.get(0) : "one of: " + String.join(", ", allowed);
  }

  private static void flatten(
      MappingNode mapping,
      String field,
      Problems problems,
      Map<String, Entry> into,
      Set<MappingNode> inProgress) {
    if (!inProgress.add(mapping)) {
      problems.at(mapping, field, "a YAML merge key ('<<') merges this mapping into itself");
      return;
    }
    List<MappingNode> merged = new ArrayList<>();
    Map<String, Entry> written = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      problems.visit();
      Node key = tuple.getKeyNode();
      if (Tag.MERGE.equals(key.getTag())) {
        mergeSources(tuple.getValueNode(), field, problems, merged);
        continue;
      }
      if (!(key instanceof ScalarNode scalarKey)) {
        problems.at(key, field, "keys must be strings, got " + YamlValues.describe(key));
        continue;
      }
      String name = scalarKey.getValue();
      Entry earlier = written.get(name);
      if (earlier != null) {
        problems.at(
            key,
            field,
            "duplicate key '"
                + YamlValues.shown(name)
                + "' (first on line "
                + (earlier.key().getStartMark().getLine() + 1)
                + ")");
        continue;
      }
      written.put(name, new Entry(scalarKey, name, tuple.getValueNode()));
    }
    for (Map.Entry<String, Entry> entry : written.entrySet()) {
      into.putIfAbsent(entry.getKey(), entry.getValue());
    }
    for (MappingNode source : merged) {
      Map<String, Entry> fromSource = new LinkedHashMap<>();
      flatten(source, field, problems, fromSource, inProgress);
      fromSource.forEach(into::putIfAbsent);
    }
    inProgress.remove(mapping);
  }

  private static void mergeSources(
      Node value, String field, Problems problems, List<MappingNode> merged) {
    if (value instanceof MappingNode mapping && Tag.MAP.equals(mapping.getTag())) {
      merged.add(mapping);
      return;
    }
    if (value instanceof SequenceNode sequence && Tag.SEQ.equals(sequence.getTag())) {
      for (Node item : sequence.getValue()) {
        problems.visit();
        if (item instanceof MappingNode mapping && Tag.MAP.equals(mapping.getTag())) {
          merged.add(mapping);
        } else {
          problems.at(
              item,
              field,
              "a YAML merge key ('<<') merges mappings, got " + YamlValues.describe(item));
        }
      }
      return;
    }
    problems.at(
        value,
        field,
        "a YAML merge key ('<<') merges a mapping or a list of mappings, got "
            + YamlValues.describe(value));
  }
}
