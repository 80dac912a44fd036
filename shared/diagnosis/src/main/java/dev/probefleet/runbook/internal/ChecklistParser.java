package dev.probefleet.runbook.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.runbook.InvalidRunbookException;
import dev.probefleet.runbook.RunbookContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks a runbook file (the schema is described at the top of the shipped {@code
 * runbook.yaml}). Everything is checked when the file is read, for every layer an entry is for: the
 * keys, the layer and cause names, the shared steps used, and every placeholder — so a step that
 * would render a stray brace or an unknown name never reaches an alert.
 */
final class ChecklistParser {
  private static final ObjectMapper YAML = new YAMLMapper();

  /** A placeholder, or a doubled brace that stands for a literal one (as RunbookContext reads). */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{|}}|\\{([a-z_]+(?:\\.[a-z_]+)?)}");

  private static final Set<String> TOP = Set.of("layer_names", "shared_steps", "runbooks");
  private static final Set<String> ENTRY = Set.of("layers", "causes", "steps");
  private static final Set<String> INLINE = Set.of("action", "command");
  private static final Set<String> USE = Set.of("use", "hop", "layer", "look_for");
  private static final Pattern SHARED_NAME = Pattern.compile("[a-z][a-z0-9-]*(@[A-Z_]+)?");

  private final String source;
  private final Map<Layer, String> names = new EnumMap<>(Layer.class);
  private final Map<String, List<JsonNode>> shared = new LinkedHashMap<>();

  ChecklistParser(String source) {
    this.source = source;
  }

  Checklist parse(String content) {
    JsonNode root = tree(content);
    allowOnly(root, TOP, "", "");
    layerNames(root.get("layer_names"));
    sharedSteps(root.get("shared_steps"));
    JsonNode runbooks = root.get("runbooks");
    if (runbooks == null || !runbooks.isArray() || runbooks.isEmpty()) {
      throw error(
          "",
          "runbooks",
          runbooks == null || runbooks.isNull()
              ? "is required"
              : runbooks.isArray() ? "lists no entries" : "must be a list, got " + kind(runbooks));
    }
    Map<Layer, Map<Cause, List<Template>>> specific = new EnumMap<>(Layer.class);
    Map<Layer, List<Template>> defaults = new EnumMap<>(Layer.class);
    Map<String, String> claimedBy = new HashMap<>();
    for (int i = 0; i < runbooks.size(); i++) {
      entry(runbooks.get(i), i, specific, defaults, claimedBy);
    }
    Map<Layer, Map<Cause, List<Template>>> steps = new EnumMap<>(Layer.class);
    Map<Layer, Set<Cause>> named = new EnumMap<>(Layer.class);
    for (Layer layer : Layer.values()) {
      List<Template> fallback = defaults.get(layer);
      if (fallback == null) {
        throw error(
            "",
            "runbooks",
            "no default entry for "
                + layer
                + " (one with layers: ["
                + layer
                + "] and no causes), so some of its causes would have no steps");
      }
      Map<Cause, List<Template>> byCause = new EnumMap<>(Cause.class);
      Map<Cause, List<Template>> own = specific.getOrDefault(layer, Map.of());
      for (Cause cause : Cause.values()) {
        byCause.put(cause, own.getOrDefault(cause, fallback));
      }
      steps.put(layer, byCause);
      named.put(layer, own.isEmpty() ? Set.of() : EnumSet.copyOf(own.keySet()));
    }
    return new Checklist(steps, named);
  }

  private JsonNode tree(String content) {
    try {
      JsonNode root = YAML.readTree(content);
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
      throw error("", "", "is not valid YAML" + where + ": " + e.getOriginalMessage());
    }
  }

  private void layerNames(JsonNode node) {
    if (node == null || node.isNull()) {
      return;
    }
    mapping(node, "", "layer_names");
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String field = "layer_names." + e.getKey();
      Layer layer = layer(e.getKey(), "", field);
      if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
        throw error("", field, "must be the words for the layer, got " + kind(e.getValue()));
      }
      names.put(layer, e.getValue().asText());
    }
  }

  private void sharedSteps(JsonNode node) {
    if (node == null || node.isNull()) {
      return;
    }
    mapping(node, "", "shared_steps");
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      String entry = "shared step '" + name + "'";
      if (!SHARED_NAME.matcher(name).matches()) {
        throw error(
            entry, "name", "must be lower-case words joined by '-', optionally followed by @LAYER");
      }
      int at = name.indexOf('@');
      if (at > 0) {
        layer(name.substring(at + 1), entry, "name");
      }
      List<JsonNode> steps = new ArrayList<>();
      JsonNode value = e.getValue();
      if (value.isArray()) {
        if (value.isEmpty()) {
          throw error(entry, "", "lists no steps");
        }
        value.forEach(steps::add);
      } else {
        steps.add(value);
      }
      for (int i = 0; i < steps.size(); i++) {
        String field = value.isArray() ? "[" + i + "]" : "";
        JsonNode step = mapping(steps.get(i), entry, field);
        if (step.has("use")) {
          throw error(entry, join(field, "use"), "a shared step cannot use another");
        }
        allowOnly(step, INLINE, entry, field);
        requiredText(step, "action", entry, field);
        optionalText(step, "command", entry, field);
      }
      shared.put(name, steps);
    }
  }

  private void entry(
      JsonNode node,
      int index,
      Map<Layer, Map<Cause, List<Template>>> specific,
      Map<Layer, List<Template>> defaults,
      Map<String, String> claimedBy) {
    String at = "runbooks[" + index + "]";
    mapping(node, at, "");
    allowOnly(node, ENTRY, at, "");
    List<Layer> layers = new ArrayList<>();
    for (String name : names(node, "layers", at, true)) {
      layers.add(layer(name, at, "layers"));
    }
    List<Cause> causes = new ArrayList<>();
    for (String name : names(node, "causes", at, false)) {
      causes.add(cause(name, at));
    }
    String entry =
        at
            + " ("
            + String.join(", ", layers.stream().map(Layer::name).toList())
            + " / "
            + (causes.isEmpty()
                ? "default"
                : String.join(", ", causes.stream().map(Cause::name).toList()))
            + ")";
    JsonNode steps = node.get("steps");
    if (steps == null || steps.isNull()) {
      throw error(entry, "steps", "is required");
    }
    if (!steps.isArray() || steps.isEmpty()) {
      throw error(
          entry,
          "steps",
          steps.isArray() ? "lists no steps" : "must be a list, got " + kind(steps));
    }
    for (Layer layer : layers) {
      List<Template> expanded = expand(steps, layer, entry);
      if (causes.isEmpty()) {
        claim(claimedBy, layer + " / default", entry, "layers");
        defaults.put(layer, expanded);
      }
      for (Cause cause : causes) {
        claim(claimedBy, layer + " / " + cause, entry, "causes");
        specific.computeIfAbsent(layer, l -> new EnumMap<>(Cause.class)).put(cause, expanded);
      }
    }
  }

  private void claim(Map<String, String> claimedBy, String pair, String entry, String field) {
    String earlier = claimedBy.putIfAbsent(pair, entry);
    if (earlier != null) {
      throw error(entry, field, pair + " is already covered by " + earlier);
    }
  }

  /**
   * The steps of an entry for one of its layers, shared steps expanded and placeholders checked.
   */
  private List<Template> expand(JsonNode steps, Layer layer, String entry) {
    List<Template> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      String at = "steps[" + i + "]";
      JsonNode step = mapping(steps.get(i), entry, at);
      if (step.has("use")) {
        use(step, layer, entry, at, out);
      } else {
        allowOnly(step, INLINE, entry, at);
        if (!step.has("action")) {
          throw error(entry, at, "a step needs an action (and maybe a command), or use");
        }
        out.add(template(step, new Arguments(layer, null, null), entry, at));
      }
    }
    for (int i = 0; i < out.size(); i++) {
      int first = out.indexOf(out.get(i));
      if (first < i) {
        throw error(
            entry,
            "steps",
            "for "
                + layer
                + " step "
                + (i + 1)
                + " repeats step "
                + (first + 1)
                + ": "
                + out.get(i).action());
      }
    }
    return out;
  }

  private void use(JsonNode step, Layer layer, String entry, String at, List<Template> out) {
    allowOnly(step, USE, entry, at);
    String name = requiredText(step, "use", entry, at);
    String hop = optionalText(step, "hop", entry, at);
    if (hop != null && !hop.equals("this") && !hop.equals("below")) {
      throw error(entry, join(at, "hop"), "must be this or below, got '" + hop + "'");
    }
    String layerName = optionalText(step, "layer", entry, at);
    Layer words = layerName == null ? layer : layer(layerName, entry, join(at, "layer"));
    String lookFor = optionalText(step, "look_for", entry, at);
    String key = shared.containsKey(name + "@" + words) ? name + "@" + words : name;
    List<JsonNode> bodies = shared.get(key);
    if (bodies == null) {
      throw error(
          entry,
          join(at, "use"),
          "no shared step '"
              + name
              + "' or '"
              + name
              + "@"
              + words
              + "'; known: "
              + String.join(", ", new TreeSet<>(shared.keySet())));
    }
    Arguments arguments = new Arguments(words, hop, lookFor);
    for (int j = 0; j < bodies.size(); j++) {
      String field = at + " (" + key + (bodies.size() > 1 ? "[" + j + "]" : "") + ")";
      out.add(template(bodies.get(j), arguments, entry, field));
    }
    // A use serves every layer of its entry, and a layer's own wording may not need what another
    // layer's does: only an argument no wording of the step uses is a mistake.
    if (hop != null && !mentions(name, "{hop.")) {
      throw error(entry, join(at, "hop"), "shared step '" + name + "' has no {hop.*} to fill");
    }
    if (lookFor != null && !mentions(name, "{look_for}")) {
      throw error(entry, join(at, "look_for"), "shared step '" + name + "' has no {look_for}");
    }
  }

  /** Whether any wording of a shared step ({@code name} or {@code name@LAYER}) contains a text. */
  private boolean mentions(String name, String text) {
    for (Map.Entry<String, List<JsonNode>> e : shared.entrySet()) {
      if (e.getKey().equals(name) || e.getKey().startsWith(name + "@")) {
        for (JsonNode step : e.getValue()) {
          for (JsonNode value : step) {
            if (value.isTextual() && value.asText().contains(text)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private Template template(JsonNode step, Arguments arguments, String entry, String at) {
    String action =
        fill(requiredText(step, "action", entry, at), arguments, entry, join(at, "action"));
    String command = optionalText(step, "command", entry, at);
    return new Template(
        action, command == null ? null : fill(command, arguments, entry, join(at, "command")));
  }

  /**
   * Fills what is known when the file is read ({@code {layer}}, {@code {look_for}}, {@code
   * {hop.X}}) and checks that everything else is a variable RunbookContext fills.
   */
  private String fill(String text, Arguments arguments, String entry, String field) {
    String rest = PLACEHOLDER.matcher(text).replaceAll("");
    if (rest.contains("{") || rest.contains("}")) {
      throw error(
          entry,
          field,
          "a brace outside a placeholder (placeholders are {name} or {this.name}; a literal brace"
              + " is written {{ or }})");
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value;
      if (name == null) {
        value = m.group();
      } else if (name.equals("layer")) {
        value = names.get(arguments.layer());
        if (value == null) {
          throw error(entry, field, "{layer}: layer_names has no words for " + arguments.layer());
        }
      } else if (name.equals("look_for")) {
        if (arguments.lookFor() == null) {
          throw error(
              entry, field, "{look_for} is filled only in a shared step, by a use with look_for");
        }
        value = arguments.lookFor();
      } else if (name.startsWith("hop.")) {
        if (arguments.hop() == null) {
          throw error(
              entry,
              field,
              "{"
                  + name
                  + "} is filled only in a shared step, by a use with hop: this or hop: below");
        }
        value = "{" + arguments.hop() + name.substring("hop".length()) + "}";
        if (!RunbookContext.variables().contains(value.substring(1, value.length() - 1))) {
          throw unknown(entry, field, name);
        }
      } else if (RunbookContext.variables().contains(name)) {
        value = m.group();
      } else {
        throw unknown(entry, field, name);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private InvalidRunbookException unknown(String entry, String field, String name) {
    return error(
        entry,
        field,
        "unknown placeholder {"
            + name
            + "} (a literal brace is doubled: {{"
            + name
            + "}}); known: layer, look_for, hop.X, "
            + String.join(", ", RunbookContext.variables()));
  }

  private List<String> names(JsonNode node, String key, String entry, boolean required) {
    JsonNode list = node.get(key);
    if (list == null || list.isNull()) {
      if (required) {
        throw error(entry, key, "is required");
      }
      return List.of();
    }
    if (!list.isArray() || list.isEmpty()) {
      throw error(
          entry,
          key,
          list.isArray()
              ? "lists nothing (leave it out for the layers' default)"
              : "must be a list, got " + kind(list));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isTextual()) {
        throw error(entry, key + "[" + i + "]", "must be a name, got " + kind(list.get(i)));
      }
      out.add(list.get(i).asText());
    }
    return out;
  }

  private Layer layer(String name, String entry, String field) {
    try {
      return Layer.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw error(
          entry,
          field,
          "'"
              + name
              + "' is not a layer; use one of "
              + String.join(", ", enumNames(Layer.values())));
    }
  }

  private Cause cause(String name, String entry) {
    try {
      return Cause.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw error(
          entry,
          "causes",
          "'"
              + name
              + "' is not a cause; use one of "
              + String.join(", ", enumNames(Cause.values())));
    }
  }

  private static List<String> enumNames(Enum<?>[] values) {
    List<String> out = new ArrayList<>();
    for (Enum<?> v : values) {
      out.add(v.name());
    }
    return out;
  }

  private JsonNode mapping(JsonNode node, String entry, String field) {
    if (node == null || !node.isObject()) {
      throw error(
          entry, field, node == null ? "is missing" : "must be a mapping, got " + kind(node));
    }
    return node;
  }

  private void allowOnly(JsonNode object, Set<String> allowed, String entry, String path) {
    Iterator<String> keys = object.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (!allowed.contains(key)) {
        throw error(
            entry,
            join(path, key),
            "unknown key; allowed here: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private String optionalText(JsonNode parent, String key, String entry, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw error(entry, join(path, key), "must be a string, got " + kind(node));
    }
    return node.asText();
  }

  private String requiredText(JsonNode parent, String key, String entry, String path) {
    String value = optionalText(parent, key, entry, path);
    if (value == null || value.isBlank()) {
      throw error(entry, join(path, key), "is required");
    }
    return value;
  }

  private InvalidRunbookException error(String entry, String field, String problem) {
    return new InvalidRunbookException(source, entry, field, problem);
  }

  private static String join(String path, String key) {
    return path == null || path.isEmpty() ? key : path + "." + key;
  }

  private static String kind(JsonNode node) {
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

  /** What a shared step is filled with where it is used. */
  private record Arguments(Layer layer, String hop, String lookFor) {}
}
