package dev.probefleet.fingerprint;

/**
 * A rules file (fingerprint or log-line rules, shipped or a user's) that cannot be used. The
 * message names the file, the rule and the field, e.g. {@code my-rules.yaml: rule 'acme-proxy',
 * signals[1].body: invalid regex: Unclosed group near index 4}.
 */
public final class InvalidRulesException extends FingerprintException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String rule;
  private final String field;

  public InvalidRulesException(String source, String rule, String field, String problem) {
    super(describe(source, rule, field, problem));
    this.source = source;
    this.rule = rule;
    this.field = field;
  }

  public InvalidRulesException(
      String source, String rule, String field, String problem, Throwable cause) {
    super(describe(source, rule, field, problem), cause);
    this.source = source;
    this.rule = rule;
    this.field = field;
  }

  private static String describe(String source, String rule, String field, String problem) {
    StringBuilder text = new StringBuilder(source).append(": ");
    if (rule != null && !rule.isEmpty()) {
      text.append("rule '").append(rule).append("', ");
    }
    if (field != null && !field.isEmpty()) {
      text.append(field).append(": ");
    }
    return text.append(problem).toString();
  }

  /** The file or resource read. */
  public String source() {
    return source;
  }

  /** The id of the offending rule; empty for a problem outside any rule. */
  public String rule() {
    return rule == null ? "" : rule;
  }

  /** The offending field, as a path inside the rule (e.g. {@code signals[1].body}). */
  public String field() {
    return field == null ? "" : field;
  }
}
