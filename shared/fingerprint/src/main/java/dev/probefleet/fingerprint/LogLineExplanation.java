package dev.probefleet.fingerprint;

import dev.probefleet.model.Cause;
import java.util.List;
import java.util.Objects;

/**
 * What a proxy log line means (the answer of {@code probefleet explain --log-line}).
 *
 * @param software who wrote the line: {@code nginx}, {@code haproxy}, {@code envoy}, {@code
 *     apache}, {@code varnish}, {@code squid}, {@code caddy}, {@code heroku}, or {@code unknown}
 * @param cause the cause, from the closed list; {@link Cause#UNKNOWN} when no rule explains it
 * @param meaning one or two sentences an SRE can act on
 * @param nextSteps concrete checks and commands, with the addresses from the line filled in
 * @param rule the id of the rule that explained it ({@code haproxy.state.SC}, {@code envoy.flag.UF}
 *     for decoded states and flags); empty when none did
 */
public record LogLineExplanation(
    String software, Cause cause, String meaning, List<String> nextSteps, String rule) {

  /** The software id of a line nobody recognises. */
  public static final String UNKNOWN_SOFTWARE = "unknown";

  public LogLineExplanation {
    Objects.requireNonNull(software, "software");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(meaning, "meaning");
    nextSteps = List.copyOf(nextSteps);
    Objects.requireNonNull(rule, "rule");
  }

  /** Whether a rule explained the line. */
  public boolean explained() {
    return !rule.isEmpty();
  }
}
