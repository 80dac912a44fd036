package dev.probefleet.fingerprint.internal;

import dev.probefleet.fingerprint.LogLineExplanation;
import dev.probefleet.model.Cause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains one log line with {@link LogRules}: recognise the software, fill placeholders from the
 * line, then the first matching phrase rule — or, for HAProxy and Envoy, decode the termination
 * state or response flags.
 */
public final class LogLineEngine {
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<!%)\\{([A-Za-z][A-Za-z0-9]*)}");

  private static final Pattern HAPROXY_HTTP =
      Pattern.compile(
          "(?<frontend>\\S+) (?<backend>[^/\\s]+)/(?<server>\\S+) "
              + "[-+\\d]+/[-+\\d]+/[-+\\d]+/[-+\\d]+/[-+\\d]+ (?<status>-?\\d+) [-+\\d]+ \\S+ \\S+ "
              + "(?<state>[A-Za-z-]{4})(?:\\s|$)");
  private static final Pattern HAPROXY_TCP =
      Pattern.compile(
          "(?<frontend>\\S+) (?<backend>[^/\\s]+)/(?<server>\\S+) "
              + "[-+\\d]+/[-+\\d]+/[-+\\d]+ [-+\\d]+ (?<state>[A-Za-z-]{2})(?:\\s|$)");
  private static final Pattern HAPROXY_BARE =
      Pattern.compile("^\\s*(?<state>[A-Za-z-]{2}(?:[A-Za-z-]{2})?)\\s*$");

  private static final Pattern ENVOY_JSON_FLAGS =
      Pattern.compile("\"response_flags\"\\s*:\\s*\"(?<flags>[^\"]*)\"");
  private static final Pattern ENVOY_JSON_UPSTREAM =
      Pattern.compile("\"upstream_host\"\\s*:\\s*\"(?<upstream>[^\"]*)\"");
  private static final Pattern ENVOY_JSON_CLUSTER =
      Pattern.compile("\"upstream_cluster\"\\s*:\\s*\"(?<cluster>[^\"]*)\"");
  private static final Pattern ENVOY_JSON_STATUS =
      Pattern.compile("\"response_code\"\\s*:\\s*\"?(?<status>\\d+)");
  private static final Pattern ENVOY_TEXT =
      Pattern.compile("^\\[[^\\]]+\\] \"[^\"]*\" (?<status>\\d{1,3}) (?<flags>\\S+) ");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final Pattern IP_PORT =
      Pattern.compile("^(?:tcp://)?(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+\\]):\\d+$");
  private static final Pattern ISTIO_CLUSTER =
      Pattern.compile("\\b((?:outbound|inbound)\\|\\d*\\|[^|\\s]*\\|\\S+)");
  private static final Pattern BARE_FLAGS = Pattern.compile("^\\s*[A-Za-z]+(?:,[A-Za-z]+)*\\s*$");

  private static final Pattern UNIX_UPSTREAM =
      Pattern.compile("^(?:[a-z]+://)?unix:(?<socket>/[^:|\\s]+)");
  private static final Pattern HOST_PORT =
      Pattern.compile(
          "^(?:(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://)?(?<host>\\[[^\\]]+\\]|[^/:\\s\"]+)(?::(?<port>\\d+))?");

  private final LogRules rules;

  public LogLineEngine(LogRules rules) {
    this.rules = rules;
  }

  public LogLineExplanation explain(String line) {
    String text = line == null ? "" : line.strip();
    Optional<LogRules.Software> software = recognise(text);
    if (software.isEmpty()) {
      return new LogLineExplanation(
          LogLineExplanation.UNKNOWN_SOFTWARE,
          Cause.UNKNOWN,
          rules.unknown().meaning(),
          fillAll(rules.unknown().nextSteps(), Map.of()),
          "");
    }
    LogRules.Software s = software.get();
    Map<String, String> values = new HashMap<>();
    for (Pattern field : s.fields()) {
      capture(field.matcher(text), field, values);
    }
    Optional<LogLineExplanation> decoded =
        switch (s.decoder()) {
          case HAPROXY -> haproxy(s, text, values);
          case ENVOY -> envoy(s, text, values);
          case NONE -> Optional.empty();
        };
    if (decoded.isPresent()) {
      return decoded.get();
    }
    for (LogRules.LineRule rule : s.rules()) {
      Matcher m = rule.match().matcher(text);
      if (m.find()) {
        Map<String, String> all = new HashMap<>(values);
        for (String name : rule.match().namedGroups().keySet()) {
          String v = m.group(name);
          if (v != null) {
            all.put(name, v.strip());
          }
        }
        return answer(s.id(), rule.cause(), rule.meaning(), rule.nextSteps(), rule.id(), all);
      }
    }
    return new LogLineExplanation(
        s.id(),
        Cause.UNKNOWN,
        fill(s.unexplained().meaning(), values),
        fillAll(s.unexplained().nextSteps(), values),
        "");
  }

  private Optional<LogRules.Software> recognise(String text) {
    if (BARE_FLAGS.matcher(text).matches() && !envoyFlags(text).isEmpty()) {
      Optional<LogRules.Software> envoy =
          rules.software().stream().filter(s -> s.decoder() == LogRules.Decoder.ENVOY).findFirst();
      if (envoy.isPresent()) {
        return envoy;
      }
    }
    for (LogRules.Software s : rules.software()) {
      for (Pattern p : s.recognise()) {
        if (p.matcher(text).find()) {
          return Optional.of(s);
        }
      }
    }
    return Optional.empty();
  }

  private Optional<LogLineExplanation> haproxy(
      LogRules.Software s, String text, Map<String, String> values) {
    Matcher m = HAPROXY_HTTP.matcher(text);
    if (!m.find()) {
      m = HAPROXY_TCP.matcher(text);
      if (!m.find()) {
        m = HAPROXY_BARE.matcher(text);
        if (!m.find()) {
          return Optional.empty();
        }
      }
    }
    for (String name : List.of("frontend", "backend", "server", "status", "state")) {
      try {
        String v = m.group(name);
        if (v != null) {
          values.put(name, v);
        }
      } catch (IllegalArgumentException e) {
        // this form of the line has no such field
      }
    }
    String state = values.get("state");
    String pair = state.substring(0, 2);
    LogRules.HaproxyTables tables = rules.haproxy();
    for (LogRules.StateRule rule : tables.states()) {
      if (rule.matches(pair, values.get("server"))) {
        String first = tables.first().getOrDefault(pair.charAt(0), "an unknown event");
        String second = tables.second().getOrDefault(pair.charAt(1), "");
        String meaning =
            "Termination state "
                + state
                + ": "
                + first
                + (second.isEmpty() ? "" : " " + second)
                + ". "
                + rule.meaning();
        String id =
            "haproxy.state."
                + rule.state()
                + (rule.server() == null ? "" : "." + rule.server().replaceAll("[<>]", ""));
        return Optional.of(answer(s.id(), rule.cause(), meaning, rule.nextSteps(), id, values));
      }
    }
    return Optional.empty();
  }

  private Optional<LogLineExplanation> envoy(
      LogRules.Software s, String text, Map<String, String> values) {
    String flags;
    Matcher json = ENVOY_JSON_FLAGS.matcher(text);
    if (json.find()) {
      flags = json.group("flags");
      capture(ENVOY_JSON_UPSTREAM.matcher(text), ENVOY_JSON_UPSTREAM, values);
      capture(ENVOY_JSON_CLUSTER.matcher(text), ENVOY_JSON_CLUSTER, values);
      capture(ENVOY_JSON_STATUS.matcher(text), ENVOY_JSON_STATUS, values);
    } else {
      Matcher line = ENVOY_TEXT.matcher(text);
      if (line.find()) {
        flags = line.group("flags");
        values.put("status", line.group("status"));
        String upstream = null;
        Matcher q = QUOTED.matcher(text);
        while (q.find()) {
          if (IP_PORT.matcher(q.group(1)).matches()) {
            upstream = q.group(1);
          }
        }
        if (upstream != null) {
          values.put("upstream", upstream);
        }
        Matcher cluster = ISTIO_CLUSTER.matcher(text);
        if (cluster.find()) {
          values.put("cluster", cluster.group(1));
        }
      } else if (BARE_FLAGS.matcher(text).matches()) {
        flags = text;
      } else {
        return Optional.empty();
      }
    }
    values.put("flags", flags);
    List<LogRules.EnvoyFlag> present = envoyFlags(flags);
    if (present.isEmpty()) {
      return Optional.empty();
    }
    LogRules.EnvoyFlag lead = present.getFirst();
    StringBuilder meaning =
        new StringBuilder("Response flag " + lead.flag() + ": " + lead.meaning());
    if (present.size() > 1) {
      meaning.append(" Also:");
      for (LogRules.EnvoyFlag other : present.subList(1, present.size())) {
        meaning
            .append(' ')
            .append(other.flag())
            .append(" (")
            .append(firstSentence(other.meaning()))
            .append(')');
      }
      meaning.append('.');
    }
    return Optional.of(
        answer(
            s.id(),
            lead.cause(),
            meaning.toString(),
            lead.nextSteps(),
            "envoy.flag." + lead.flag(),
            values));
  }

  /** The known flags among a flags field, in the table's order (most telling first). */
  private List<LogRules.EnvoyFlag> envoyFlags(String field) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String token : field.strip().split("[,\\s]+")) {
      if (!token.isEmpty() && !token.equals("-")) {
        tokens.add(token);
      }
    }
    List<LogRules.EnvoyFlag> present = new ArrayList<>();
    for (LogRules.EnvoyFlag flag : rules.envoy()) {
      if (tokens.contains(flag.flag())
          || (flag.longName() != null && tokens.contains(flag.longName()))) {
        present.add(flag);
      }
    }
    return present;
  }

  private static String firstSentence(String text) {
    int end = text.indexOf(": ");
    int stop = text.indexOf('.');
    int cut = stop < 0 ? text.length() : stop;
    if (end > 0 && end < cut) {
      cut = end;
    }
    String sentence = text.substring(0, cut).strip();
    return sentence.isEmpty()
        ? text
        : sentence.substring(0, 1).toLowerCase(Locale.ROOT) + sentence.substring(1);
  }

  private static LogLineExplanation answer(
      String software,
      Cause cause,
      String meaning,
      List<String> nextSteps,
      String rule,
      Map<String, String> values) {
    Map<String, String> all = derive(values);
    return new LogLineExplanation(
        software, cause, fill(meaning, all), fillAll(nextSteps, all), rule);
  }

  /** Splits {upstream} into host, port and address, or a unix socket path. */
  static Map<String, String> derive(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    String upstream = values.get("upstream");
    if (upstream != null && !upstream.isBlank() && !upstream.equals("-")) {
      Matcher unix = UNIX_UPSTREAM.matcher(upstream);
      if (unix.find()) {
        all.putIfAbsent("socket", unix.group("socket"));
      } else {
        Matcher hp = HOST_PORT.matcher(upstream);
        if (hp.find()) {
          String scheme = hp.group("scheme");
          String port = hp.group("port");
          if (port == null && scheme != null) {
            port =
                scheme.equalsIgnoreCase("https")
                    ? "443"
                    : scheme.equalsIgnoreCase("http") ? "80" : null;
          }
          all.putIfAbsent("upstreamHost", hp.group("host"));
          if (port != null) {
            all.putIfAbsent("upstreamPort", port);
          }
        }
      }
    }
    String host = all.get("upstreamHost");
    if (host != null && !all.containsKey("upstreamAddr")) {
      String port = all.get("upstreamPort");
      all.put("upstreamAddr", port == null ? host : host + ":" + port);
    }
    return all;
  }

  private static List<String> fillAll(List<String> templates, Map<String, String> values) {
    return templates.stream().map(t -> fill(t, values)).toList();
  }

  static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              value == null || value.isBlank() ? "<" + m.group(1) + ">" : value));
    }
    m.appendTail(out);
    return out.toString().strip();
  }

  private static void capture(Matcher m, Pattern p, Map<String, String> values) {
    if (m.find()) {
      for (String name : p.namedGroups().keySet()) {
        String v = m.group(name);
        if (v != null && !v.isBlank()) {
          values.putIfAbsent(name, v.strip());
        }
      }
    }
  }
}
