package dev.probefleet.fingerprint.internal;

import dev.probefleet.model.Cause;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parsed log-line rules (schema at the top of {@code dev/probefleet/fingerprint/log-rules.yaml}).
 *
 * @param software the software, in recognition order
 * @param haproxy HAProxy's termination-state tables
 * @param envoy Envoy's response flags, most telling first
 * @param unknown the answer for a line nobody recognises
 */
public record LogRules(
    List<LogRules.Software> software,
    LogRules.HaproxyTables haproxy,
    List<LogRules.EnvoyFlag> envoy,
    LogRules.Explanation unknown) {

  public LogRules {
    software = List.copyOf(software);
    envoy = List.copyOf(envoy);
  }

  /** How a software's lines are decoded besides its rules. */
  public enum Decoder {
    NONE,
    HAPROXY,
    ENVOY
  }

  /** A meaning with next steps, for lines recognised but not explained. */
  public record Explanation(String meaning, List<String> nextSteps) {
    public Explanation {
      nextSteps = List.copyOf(nextSteps);
    }
  }

  /** One software's rules. */
  public record Software(
      String id,
      List<Pattern> recognise,
      List<Pattern> fields,
      Decoder decoder,
      List<LineRule> rules,
      Explanation unexplained) {
    public Software {
      recognise = List.copyOf(recognise);
      fields = List.copyOf(fields);
      rules = List.copyOf(rules);
    }
  }

  /** A phrase and what it means. */
  public record LineRule(
      String id, Pattern match, Cause cause, String meaning, List<String> nextSteps) {
    public LineRule {
      nextSteps = List.copyOf(nextSteps);
    }
  }

  /**
   * HAProxy's termination-state tables.
   *
   * @param first what the first character says
   * @param second what the second character says
   * @param states pairs of the first two characters ({@code ?} matches any second character), first
   *     match wins
   */
  public record HaproxyTables(
      Map<Character, String> first, Map<Character, String> second, List<StateRule> states) {
    public HaproxyTables {
      first = Map.copyOf(first);
      second = Map.copyOf(second);
      states = List.copyOf(states);
    }
  }

  /** One termination state pair, optionally only for a server name (e.g. {@code <NOSRV>}). */
  public record StateRule(
      String state, String server, Cause cause, String meaning, List<String> nextSteps) {
    public StateRule {
      nextSteps = List.copyOf(nextSteps);
    }

    public boolean matches(String pair, String serverName) {
      boolean statePart =
          state.charAt(0) == pair.charAt(0)
              && (state.charAt(1) == '?' || state.charAt(1) == pair.charAt(1));
      return statePart && (server == null || server.equals(serverName));
    }
  }

  /** One Envoy response flag. */
  public record EnvoyFlag(
      String flag, String longName, Cause cause, String meaning, List<String> nextSteps) {
    public EnvoyFlag {
      nextSteps = List.copyOf(nextSteps);
    }
  }
}
