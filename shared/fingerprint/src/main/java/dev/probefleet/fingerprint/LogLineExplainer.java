package dev.probefleet.fingerprint;

import dev.probefleet.fingerprint.internal.LogLineEngine;
import dev.probefleet.fingerprint.internal.LogRulesParser;
import dev.probefleet.fingerprint.internal.RulesText;
import java.util.Objects;

/**
 * Explains one proxy log line as a cause with next steps (the answer of {@code probefleet explain
 * --log-line}): nginx error-log phrases, HAProxy termination states (from an HTTP or TCP log line,
 * or a bare state such as {@code sH--}), Envoy response flags (default or JSON access logs, or bare
 * flags such as {@code UF,URX}), Apache error-log ids ({@code AH01102} …), Varnish {@code
 * FetchError}s, Squid, Caddy and Heroku router lines.
 *
 * <p>The rules are data: {@value #RULES_RESOURCE} in this jar. Addresses, sockets, backends and
 * servers found in the line are filled into the next steps. A line nobody recognises gets software
 * {@code unknown}, cause {@code UNKNOWN} and generic next steps; a recognised line no rule explains
 * keeps its software.
 */
public final class LogLineExplainer {
  /** The shipped rules on the class path. */
  public static final String RULES_RESOURCE = "dev/probefleet/fingerprint/log-rules.yaml";

  private final LogLineEngine engine;

  private LogLineExplainer(LogLineEngine engine) {
    this.engine = engine;
  }

  /**
   * The shipped rules.
   *
   * @throws RulesResourceMissingException when the jar lacks them
   */
  public static LogLineExplainer defaults() {
    return Shipped.INSTANCE;
  }

  /**
   * An explainer with other rules (same schema as the shipped file), e.g. for a site's own proxy.
   *
   * @throws InvalidRulesException naming the file, the rule and the field
   */
  public static LogLineExplainer withRules(String source, String content) {
    return new LogLineExplainer(new LogLineEngine(new LogRulesParser(source).parse(content)));
  }

  /** Explains one line (surrounding whitespace ignored). */
  public LogLineExplanation explain(String line) {
    return engine.explain(Objects.requireNonNull(line, "line"));
  }

  private static final class Shipped {
    static final LogLineExplainer INSTANCE =
        withRules(RULES_RESOURCE, RulesText.resource(RULES_RESOURCE));
  }
}
