package dev.probefleet.fingerprint;

import dev.probefleet.fingerprint.internal.Evaluator;
import dev.probefleet.fingerprint.internal.FingerprintRules;
import dev.probefleet.fingerprint.internal.FingerprintRulesParser;
import dev.probefleet.fingerprint.internal.RulesText;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Fingerprint;
import java.util.List;
import java.util.Objects;

/**
 * Tells which software wrote an HTTP response (DESIGN §1, "Fingerprints"): the generator, the role
 * it usually plays, the hops that relayed the response ({@code passed_through}, outermost first),
 * what the page means (vendor codes, page texts), a score and the signals that fired.
 *
 * <p>The rules are data: {@value #RULES_RESOURCE} in this jar, whose header documents the schema. A
 * user's file with the same schema extends them or replaces rules by id ({@link #withUserRules}).
 * The fingerprinter is immutable and thread-safe; a pure function of the response.
 *
 * <p>Works on partial evidence: headers without a body, a body without headers, a body cut short,
 * the page's text pasted from a browser — each rule has several independent signals, one strong
 * signal decides alone, and body regexes are matched against the body as received and rendered to
 * text. The score says how sure: signals too weak to decide alone have {@code weak} in their ids
 * (the shipped file is checked for it), and an {@code unknown} answer carries the score and signals
 * of the nearest candidate. An error page marked only by the hops that relayed it stays {@code
 * unknown}, with those hops in {@code passed_through}.
 */
public final class Fingerprinter {
  /** The shipped rules on the class path. */
  public static final String RULES_RESOURCE = "dev/probefleet/fingerprint/rules.yaml";

  private static final double FALLBACK_THRESHOLD = 0.5;

  private final Evaluator evaluator;

  private Fingerprinter(FingerprintRules rules) {
    this.evaluator = new Evaluator(rules);
  }

  /**
   * The shipped rules.
   *
   * @throws RulesResourceMissingException when the jar lacks them
   */
  public static Fingerprinter defaults() {
    return Shipped.INSTANCE;
  }

  /**
   * These rules extended by a user's rules file (YAML, or JSON). A user rule with the id of a
   * shipped rule replaces it ({@code disabled: true} switches it off); other ids are added; a
   * {@code threshold} or {@code generic} list in the file replaces ours.
   *
   * @param source names the file in error messages
   * @param content the file's text
   * @throws InvalidRulesException naming the file, the rule and the field
   */
  public Fingerprinter withUserRules(String source, String content) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(content, "content");
    FingerprintRulesParser.Parsed user =
        new FingerprintRulesParser(source).parse(content, evaluator.rules().threshold());
    return new Fingerprinter(
        evaluator.rules().overriddenBy(user.rules(), user.hasThreshold(), user.hasGeneric()));
  }

  /** Fingerprints one response. */
  public Fingerprint fingerprint(CapturedResponse response) {
    return evaluator.fingerprint(Objects.requireNonNull(response, "response"));
  }

  /** The least score that names a generator. */
  public double threshold() {
    return evaluator.rules().threshold();
  }

  /** The ids of the active rules, in evaluation order. */
  public List<String> ruleIds() {
    return evaluator.rules().rules().stream().filter(r -> !r.disabled()).map(r -> r.id()).toList();
  }

  private static final class Shipped {
    static final Fingerprinter INSTANCE =
        new Fingerprinter(
            new FingerprintRulesParser(RULES_RESOURCE, true)
                .parse(RulesText.resource(RULES_RESOURCE), FALLBACK_THRESHOLD)
                .rules());
  }
}
