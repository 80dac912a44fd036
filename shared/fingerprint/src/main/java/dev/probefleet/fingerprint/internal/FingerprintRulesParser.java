package dev.probefleet.fingerprint.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint.Role;
import dev.probefleet.model.Fingerprint.Where;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates fingerprint rules (the schema is documented at the top of the shipped {@code
 * dev/probefleet/fingerprint/rules.yaml}).
 */
public final class FingerprintRulesParser {
  private static final Set<String> TOP = Set.of("threshold", "rules", "generic");
  private static final Set<String> RULE =
      Set.of("id", "generator", "role", "covers", "disabled", "signals", "meanings", "sources");
  private static final Set<String> CONDITION =
      Set.of(
          "header",
          "value",
          "headers",
          "headerLine",
          "absent",
          "lowercaseHeaderNames",
          "body",
          "bodyForm",
          "anywhere",
          "status",
          "reason",
          "contentType",
          "bodyLength");
  private static final Set<String> SIGNAL =
      union(CONDITION, Set.of("id", "weight", "hop", "authorOnly"));
  private static final Set<String> MEANING = union(CONDITION, Set.of("text", "cause"));
  private static final int CI = Pattern.CASE_INSENSITIVE;
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<!%)\\{([A-Za-z][A-Za-z0-9]*)}");

  /** The parsed rules, and which optional top-level parts the file set. */
  public record Parsed(FingerprintRules rules, boolean hasThreshold, boolean hasGeneric) {}

  /**
   * What a rule's {@code sources} entry may be: a public address, a page recorded here ({@code
   * capture:<software>/<scenario>}, shared/captures) or a documented fixture ({@code
   * fixture:<file>}, the fingerprint tests' resources).
   */
  private static final Pattern SOURCE =
      Pattern.compile(
          "https?://[^\\s]+|capture:[a-z0-9-]+/[a-z0-9-]+|fixture:[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*");

  private final RulesText text;
  private final boolean shipped;

  /** A parser for a user's rules file: {@code sources} is optional. */
  public FingerprintRulesParser(String source) {
    this(source, false);
  }

  /**
   * @param source names the file in error messages
   * @param shipped whether this is the file we ship, held to two more checks: every enabled rule
   *     cites its {@code sources} (a rule nobody can trace back to a page or a vendor's document
   *     cannot be reviewed), and an author signal too weak to decide alone (weight below the
   *     threshold) has a {@code weak} part in its id, and only such a signal has one (so the ids in
   *     {@code explain}'s signals say which evidence was weak)
   */
  public FingerprintRulesParser(String source, boolean shipped) {
    this.text = new RulesText(source);
    this.shipped = shipped;
  }

  /**
   * Parses a rules file.
   *
   * @param defaultThreshold the threshold when the file sets none
   */
  public Parsed parse(String content, double defaultThreshold) {
    JsonNode root = text.parse(content);
    text.allowOnly(root, TOP, "", "");
    boolean hasThreshold = root.has("threshold");
    double threshold = hasThreshold ? text.fraction(root, "threshold", "", "") : defaultThreshold;
    List<FingerprintRules.Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode node : text.list(root, "rules", "", "")) {
      String at = "rules[" + index++ + "]";
      text.object(node, "", at);
      String id = text.requiredString(node, "id", "", at);
      if (!ids.add(id)) {
        throw text.error(id, "id", "is used by more than one rule in this file");
      }
      rules.add(rule(node, id, threshold));
    }
    boolean hasGeneric = root.has("generic");
    List<FingerprintRules.Meaning> generic = new ArrayList<>();
    index = 0;
    for (JsonNode node : text.list(root, "generic", "", "")) {
      generic.add(meaning(node, "", "generic[" + index++ + "]"));
    }
    return new Parsed(new FingerprintRules(threshold, rules, generic), hasThreshold, hasGeneric);
  }

  private FingerprintRules.Rule rule(JsonNode node, String id, double threshold) {
    text.allowOnly(node, RULE, id, "");
    if (text.flag(node, "disabled", id, "")) {
      return new FingerprintRules.Rule(
          id, "unknown", Role.UNKNOWN, List.of(), true, List.of(), List.of(), List.of());
    }
    String generator = text.optionalString(node, "generator", id, "");
    if (generator == null) {
      generator = id;
    }
    if (!FingerprintRules.GENERATORS.contains(generator) || generator.equals("unknown")) {
      throw text.error(
          id,
          node.has("generator") ? "generator" : "id",
          "'"
              + generator
              + "' is not a generator id; use one of "
              + String.join(
                  " ",
                  FingerprintRules.GENERATORS.subList(0, FingerprintRules.GENERATORS.size() - 1))
              + (node.has("generator") ? "" : " (or set 'generator')"));
    }
    Role role = role(node, id);
    List<String> covers = text.strings(node, "covers", id, "");
    for (int i = 0; i < covers.size(); i++) {
      if (!FingerprintRules.GENERATORS.contains(covers.get(i))) {
        throw text.error(id, "covers[" + i + "]", "'" + covers.get(i) + "' is not a generator id");
      }
    }
    List<FingerprintRules.Signal> signals = new ArrayList<>();
    Set<String> signalIds = new HashSet<>();
    int index = 0;
    for (JsonNode s : text.list(node, "signals", id, "")) {
      String at = "signals[" + index++ + "]";
      text.object(s, id, at);
      text.allowOnly(s, SIGNAL, id, at);
      String signalId = text.requiredString(s, "id", id, at);
      if (!signalIds.add(signalId)) {
        throw text.error(id, at + ".id", "'" + signalId + "' is used twice in this rule");
      }
      double weight = text.fraction(s, "weight", id, at);
      boolean hop = text.flag(s, "hop", id, at);
      if (shipped) {
        boolean namedWeak = List.of(signalId.split("\\.")).contains("weak");
        boolean weak = !hop && weight < threshold;
        if (namedWeak != weak) {
          throw text.error(
              id,
              at + ".id",
              weak
                  ? "'"
                      + signalId
                      + "' weighs "
                      + weight
                      + ", below the threshold "
                      + threshold
                      + ": name it <rule>.weak.<what> so explain shows it is weak evidence"
                  : "'"
                      + signalId
                      + "' is named weak but "
                      + (hop
                          ? "is a hop signal"
                          : "weighs " + weight + ", enough to decide alone"));
        }
      }
      Condition condition = condition(s, id, at);
      if (condition.isEmpty()) {
        throw text.error(
            id, at, "has no condition (header, body, status, ...); it would always fire");
      }
      boolean authorOnly = text.flag(s, "authorOnly", id, at);
      if (authorOnly && hop) {
        throw text.error(
            id,
            at + ".authorOnly",
            "a hop signal is relaying evidence; it cannot also prove authorship (drop one)");
      }
      if (authorOnly && (condition.staticWhere() == Where.BODY || condition.anywhere() != null)) {
        throw text.error(
            id,
            at + ".authorOnly",
            "is for header, status and reason evidence; a body signal (body, anywhere, bodyLength)"
                + " names its author already");
      }
      signals.add(new FingerprintRules.Signal(signalId, weight, hop, authorOnly, condition));
    }
    if (signals.isEmpty()) {
      throw text.error(id, "signals", "a rule needs at least one signal (or 'disabled: true')");
    }
    List<FingerprintRules.Meaning> meanings = new ArrayList<>();
    index = 0;
    for (JsonNode m : text.list(node, "meanings", id, "")) {
      meanings.add(meaning(m, id, "meanings[" + index++ + "]"));
    }
    return new FingerprintRules.Rule(
        id, generator, role, covers, false, signals, meanings, sources(node, id));
  }

  private List<String> sources(JsonNode node, String id) {
    List<String> sources = text.strings(node, "sources", id, "");
    if (sources.isEmpty() && shipped) {
      throw text.error(
          id,
          "sources",
          "is required in this file: list where the rule was written from (an https:// address,"
              + " capture:<software>/<scenario> or fixture:<file>)");
    }
    for (int i = 0; i < sources.size(); i++) {
      if (!SOURCE.matcher(sources.get(i)).matches()) {
        throw text.error(
            id,
            "sources[" + i + "]",
            "'"
                + sources.get(i)
                + "' is not an http(s) address, capture:<software>/<scenario> or fixture:<file>");
      }
    }
    return sources;
  }

  private Role role(JsonNode node, String id) {
    String value = text.optionalString(node, "role", id, "");
    if (value == null) {
      throw text.error(
          id, "role", "is required: one of CDN, LOAD_BALANCER, WEB_SERVER, APP_SERVER, UNKNOWN");
    }
    try {
      return Role.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw text.error(
          id,
          "role",
          "'" + value + "' is not one of CDN, LOAD_BALANCER, WEB_SERVER, APP_SERVER, UNKNOWN");
    }
  }

  private FingerprintRules.Meaning meaning(JsonNode node, String rule, String at) {
    text.object(node, rule, at);
    text.allowOnly(node, MEANING, rule, at);
    String meaningText = text.requiredString(node, "text", rule, at);
    Condition condition = condition(node, rule, at);
    Set<String> known = new HashSet<>(Set.of("status", "reason", "version"));
    for (Pattern p :
        new Pattern[] {
          condition.value(),
          condition.headerLine(),
          condition.body(),
          condition.anywhere(),
          condition.reason(),
          condition.contentType()
        }) {
      if (p != null) {
        known.addAll(p.namedGroups().keySet());
      }
    }
    condition.headers().values().forEach(p -> known.addAll(p.namedGroups().keySet()));
    Matcher placeholder = PLACEHOLDER.matcher(meaningText);
    while (placeholder.find()) {
      if (!known.contains(placeholder.group(1))) {
        throw text.error(
            rule,
            RulesText.join(at, "text"),
            "{"
                + placeholder.group(1)
                + "} is neither {status}, {reason} nor a named group of this meaning's regexes");
      }
    }
    return new FingerprintRules.Meaning(condition, meaningText.strip(), cause(node, rule, at));
  }

  /** A meaning's optional {@code cause}: one of the model's causes, spelled as the enum is. */
  private Optional<Cause> cause(JsonNode node, String rule, String at) {
    String value = text.optionalString(node, "cause", rule, at);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Cause.valueOf(value.strip()));
    } catch (IllegalArgumentException e) {
      throw text.error(
          rule,
          RulesText.join(at, "cause"),
          "'"
              + value
              + "' is not a cause; use one of "
              + String.join(" ", Arrays.stream(Cause.values()).map(Cause::name).toList()));
    }
  }

  private Condition condition(JsonNode node, String rule, String at) {
    String header = text.optionalString(node, "header", rule, at);
    Pattern value = text.regex(node, "value", CI, rule, at);
    if (value != null && header == null) {
      throw text.error(
          rule, RulesText.join(at, "value"), "needs 'header' (the header whose value it matches)");
    }
    Map<String, Pattern> headers = new LinkedHashMap<>();
    JsonNode headersNode = node.get("headers");
    if (headersNode != null && !headersNode.isNull()) {
      text.object(headersNode, rule, RulesText.join(at, "headers"));
      Iterator<String> names = headersNode.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        headers.put(name, text.regex(headersNode, name, CI, rule, RulesText.join(at, "headers")));
      }
    }
    long min = -1;
    long max = -1;
    JsonNode length = node.get("bodyLength");
    if (length != null && !length.isNull()) {
      String path = RulesText.join(at, "bodyLength");
      text.object(length, rule, path);
      text.allowOnly(length, Set.of("min", "max"), rule, path);
      min = count(length, "min", rule, path);
      max = count(length, "max", rule, path);
      if (min < 0 && max < 0) {
        throw text.error(rule, path, "needs 'min' or 'max'");
      }
    }
    return new Condition(
        header,
        value,
        headers,
        text.regex(node, "headerLine", 0, rule, at),
        text.strings(node, "absent", rule, at),
        text.flag(node, "lowercaseHeaderNames", rule, at),
        text.regex(node, "body", CI, rule, at),
        bodyForm(node, rule, at),
        text.regex(node, "anywhere", CI, rule, at),
        statuses(node, rule, at),
        text.regex(node, "reason", CI, rule, at),
        text.regex(node, "contentType", CI, rule, at),
        min,
        max);
  }

  private Condition.BodyForm bodyForm(JsonNode node, String rule, String at) {
    String value = text.optionalString(node, "bodyForm", rule, at);
    if (value == null) {
      return Condition.BodyForm.EITHER;
    }
    if (!node.has("body") && !node.has("anywhere")) {
      throw text.error(
          rule,
          RulesText.join(at, "bodyForm"),
          "needs 'body' or 'anywhere' (the regex it applies to)");
    }
    return switch (value) {
      case "raw" -> Condition.BodyForm.RAW;
      case "text" -> Condition.BodyForm.TEXT;
      case "either" -> Condition.BodyForm.EITHER;
      default ->
          throw text.error(
              rule,
              RulesText.join(at, "bodyForm"),
              "'" + value + "' is not one of raw, text, either");
    };
  }

  private long count(JsonNode parent, String key, String rule, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return -1;
    }
    if (!node.isIntegralNumber() || node.asLong() < 0) {
      throw text.error(
          rule, RulesText.join(path, key), "must be a whole number of bytes, got " + node);
    }
    return node.asLong();
  }

  private Set<Integer> statuses(JsonNode node, String rule, String at) {
    JsonNode status = node.get("status");
    Set<Integer> codes = new TreeSet<>();
    if (status == null || status.isNull()) {
      return codes;
    }
    String path = RulesText.join(at, "status");
    List<JsonNode> items = new ArrayList<>();
    if (status.isArray()) {
      status.forEach(items::add);
    } else {
      items.add(status);
    }
    for (JsonNode item : items) {
      if (item.isIntegralNumber()) {
        codes.add(code(item.asInt(), rule, path));
      } else if (item.isTextual() && item.asText().matches("\\d{3}\\s*-\\s*\\d{3}")) {
        String[] ends = item.asText().split("-");
        int from = code(Integer.parseInt(ends[0].strip()), rule, path);
        int to = code(Integer.parseInt(ends[1].strip()), rule, path);
        if (from > to) {
          throw text.error(rule, path, "range '" + item.asText() + "' runs backwards");
        }
        for (int c = from; c <= to; c++) {
          codes.add(c);
        }
      } else {
        throw text.error(
            rule, path, "must list status codes or ranges like '520-526', got " + item);
      }
    }
    return codes;
  }

  private int code(int value, String rule, String path) {
    if (value < 100 || value > 999) {
      throw text.error(rule, path, value + " is not a status code (100-999)");
    }
    return value;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
