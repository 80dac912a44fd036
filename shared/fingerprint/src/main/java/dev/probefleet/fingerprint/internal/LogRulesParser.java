package dev.probefleet.fingerprint.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.model.Cause;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Parses and validates log-line rules. */
public final class LogRulesParser {
  private static final Set<String> TOP = Set.of("software", "haproxy", "envoy", "unknown");
  private static final Set<String> SOFTWARE =
      Set.of("id", "recognise", "fields", "decoder", "rules", "unexplained");
  private static final Set<String> RULE = Set.of("id", "match", "cause", "meaning", "next_steps");
  private static final Set<String> EXPLANATION = Set.of("meaning", "next_steps");
  private static final Set<String> STATE =
      Set.of("state", "server", "cause", "meaning", "next_steps");
  private static final Set<String> FLAG = Set.of("flag", "long", "cause", "meaning", "next_steps");

  private final RulesText text;

  public LogRulesParser(String source) {
    this.text = new RulesText(source);
  }

  public LogRules parse(String content) {
    JsonNode root = text.parse(content);
    text.allowOnly(root, TOP, "", "");
    List<LogRules.Software> software = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> ruleIds = new HashSet<>();
    int index = 0;
    for (JsonNode node : text.list(root, "software", "", "")) {
      String at = "software[" + index++ + "]";
      text.object(node, "", at);
      String id = text.requiredString(node, "id", "", at);
      if (!ids.add(id)) {
        throw text.error(id, "id", "is used by more than one software entry");
      }
      software.add(software(node, id, ruleIds));
    }
    if (software.isEmpty()) {
      throw text.error("", "software", "lists no software");
    }
    LogRules.HaproxyTables haproxy =
        root.has("haproxy")
            ? haproxy(text.object(root.get("haproxy"), "haproxy", "haproxy"))
            : new LogRules.HaproxyTables(Map.of(), Map.of(), List.of());
    List<LogRules.EnvoyFlag> envoy = new ArrayList<>();
    if (root.has("envoy")) {
      JsonNode node = text.object(root.get("envoy"), "envoy", "envoy");
      text.allowOnly(node, Set.of("flags"), "envoy", "");
      index = 0;
      for (JsonNode f : text.list(node, "flags", "envoy", "")) {
        String at = "flags[" + index++ + "]";
        text.object(f, "envoy", at);
        text.allowOnly(f, FLAG, "envoy", at);
        String flag = text.requiredString(f, "flag", "envoy", at);
        envoy.add(
            new LogRules.EnvoyFlag(
                flag,
                text.optionalString(f, "long", "envoy", at),
                cause(f, "envoy." + flag, at),
                text.requiredString(f, "meaning", "envoy." + flag, at),
                text.strings(f, "next_steps", "envoy." + flag, at)));
      }
    }
    LogRules.Explanation unknown =
        explanation(text.object(root.get("unknown"), "", "unknown"), "unknown");
    return new LogRules(software, haproxy, envoy, unknown);
  }

  private LogRules.Software software(JsonNode node, String id, Set<String> ruleIds) {
    text.allowOnly(node, SOFTWARE, id, "");
    List<Pattern> recognise = patterns(node, "recognise", 0, id);
    if (recognise.isEmpty()) {
      throw text.error(id, "recognise", "needs at least one regex");
    }
    List<Pattern> fields = patterns(node, "fields", 0, id);
    String decoderName = text.optionalString(node, "decoder", id, "");
    LogRules.Decoder decoder;
    try {
      decoder =
          decoderName == null
              ? LogRules.Decoder.NONE
              : LogRules.Decoder.valueOf(decoderName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw text.error(id, "decoder", "'" + decoderName + "' is not one of haproxy, envoy");
    }
    List<LogRules.LineRule> rules = new ArrayList<>();
    int index = 0;
    for (JsonNode r : text.list(node, "rules", id, "")) {
      String at = "rules[" + index++ + "]";
      text.object(r, id, at);
      text.allowOnly(r, RULE, id, at);
      String ruleId = text.requiredString(r, "id", id, at);
      if (!ruleIds.add(ruleId)) {
        throw text.error(ruleId, "id", "is used by more than one rule");
      }
      Pattern match = text.regex(r, "match", Pattern.CASE_INSENSITIVE, ruleId, "");
      if (match == null) {
        throw text.error(ruleId, "match", "is required");
      }
      rules.add(
          new LogRules.LineRule(
              ruleId,
              match,
              cause(r, ruleId, ""),
              text.requiredString(r, "meaning", ruleId, ""),
              text.strings(r, "next_steps", ruleId, "")));
    }
    LogRules.Explanation unexplained =
        node.has("unexplained")
            ? explanation(text.object(node.get("unexplained"), id, "unexplained"), id)
            : new LogRules.Explanation("A " + id + " line that no rule explains.", List.of());
    return new LogRules.Software(id, recognise, fields, decoder, rules, unexplained);
  }

  private LogRules.HaproxyTables haproxy(JsonNode node) {
    text.allowOnly(node, Set.of("first", "second", "states"), "haproxy", "");
    Map<Character, String> first = characters(node, "first");
    Map<Character, String> second = characters(node, "second");
    List<LogRules.StateRule> states = new ArrayList<>();
    int index = 0;
    for (JsonNode s : text.list(node, "states", "haproxy", "")) {
      String at = "states[" + index++ + "]";
      text.object(s, "haproxy", at);
      text.allowOnly(s, STATE, "haproxy", at);
      String state = text.requiredString(s, "state", "haproxy", at);
      if (state.length() != 2) {
        throw text.error(
            "haproxy",
            at + ".state",
            "must be the first two characters of a state, got '" + state + "'");
      }
      String id = "haproxy.state." + state;
      states.add(
          new LogRules.StateRule(
              state,
              text.optionalString(s, "server", id, at),
              cause(s, id, at),
              text.requiredString(s, "meaning", id, at),
              text.strings(s, "next_steps", id, at)));
    }
    return new LogRules.HaproxyTables(first, second, states);
  }

  private Map<Character, String> characters(JsonNode node, String key) {
    Map<Character, String> table = new LinkedHashMap<>();
    JsonNode map = node.get(key);
    if (map == null) {
      return table;
    }
    text.object(map, "haproxy", key);
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (e.getKey().length() != 1 || !e.getValue().isTextual()) {
        throw text.error("haproxy", key + "." + e.getKey(), "must map one character to a text");
      }
      table.put(e.getKey().charAt(0), e.getValue().asText());
    }
    return table;
  }

  private LogRules.Explanation explanation(JsonNode node, String rule) {
    text.allowOnly(node, EXPLANATION, rule, "");
    return new LogRules.Explanation(
        text.requiredString(node, "meaning", rule, ""), text.strings(node, "next_steps", rule, ""));
  }

  private Cause cause(JsonNode node, String rule, String at) {
    String value = text.requiredString(node, "cause", rule, at);
    try {
      return Cause.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw text.error(
          rule,
          RulesText.join(at, "cause"),
          "'" + value + "' is not a cause; use one of " + Arrays.toString(Cause.values()));
    }
  }

  private List<Pattern> patterns(JsonNode node, String key, int flags, String rule) {
    List<Pattern> patterns = new ArrayList<>();
    List<String> sources = text.strings(node, key, rule, "");
    for (int i = 0; i < sources.size(); i++) {
      try {
        patterns.add(Pattern.compile(sources.get(i), flags));
      } catch (PatternSyntaxException e) {
        throw text.error(
            rule,
            key + "[" + i + "]",
            "invalid regex: " + e.getDescription() + " near index " + e.getIndex());
      }
    }
    return patterns;
  }
}
