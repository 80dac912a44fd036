package dev.probefleet.fingerprint.internal;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed rule set: which software wrote a response, as weighted signals per rule.
 *
 * @param threshold the least score that names a generator
 * @param rules the rules in file order (earlier rules win ties)
 * @param generic meanings for a response whose generator is unknown
 */
public record FingerprintRules(
    double threshold, List<FingerprintRules.Rule> rules, List<Meaning> generic) {

  /** The generator ids of DESIGN §1; forks report their parent. */
  public static final List<String> GENERATORS =
      List.of(
          "cloudfront",
          "cloudflare",
          "akamai",
          "fastly",
          "gcp-lb",
          "azure-frontdoor",
          "azure-appgw",
          "alb",
          "elb-classic",
          "api-gateway",
          "nginx",
          "apache",
          "haproxy",
          "envoy",
          "traefik",
          "varnish",
          "caddy",
          "kong",
          "iis",
          "squid",
          "ats",
          "heroku",
          "unknown");

  public FingerprintRules {
    rules = List.copyOf(rules);
    generic = List.copyOf(generic);
  }

  /**
   * One rule.
   *
   * @param id unique id
   * @param generator generator id
   * @param role the role that software usually plays
   * @param covers generators this one is built on (not listed as hops when it is found)
   * @param disabled switched off (by a user file)
   * @param signals weighted evidence
   * @param meanings what its responses mean, first match wins
   * @param sources where the rule was written from: https addresses, {@code
   *     capture:<software>/<scenario>}, {@code fixture:<file>}
   */
  public record Rule(
      String id,
      String generator,
      Role role,
      List<String> covers,
      boolean disabled,
      List<Signal> signals,
      List<Meaning> meanings,
      List<String> sources) {
    public Rule {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(generator, "generator");
      Objects.requireNonNull(role, "role");
      covers = List.copyOf(covers);
      signals = List.copyOf(signals);
      meanings = List.copyOf(meanings);
      sources = List.copyOf(sources);
    }
  }

  /**
   * One weighted piece of evidence.
   *
   * @param id stable id, reported when it fires
   * @param weight 0..1
   * @param hop whether it shows the software relayed the response rather than wrote it
   * @param authorOnly for evidence outside the body (headers, status, reason phrase): whether only
   *     the software's own responses carry it (Cloudflare's 520-526, {@code X-Squid-Error}), so it
   *     names the author even above a body that is not the software's page; evidence without this
   *     flag is what the software also stamps on the responses it relays (nginx's {@code Server}),
   *     and names the author only of an empty body or together with one of the rule's body signals
   * @param condition when it fires
   */
  public record Signal(
      String id, double weight, boolean hop, boolean authorOnly, Condition condition) {}

  /**
   * A meaning and when it applies.
   *
   * @param condition when it applies (may be empty: always)
   * @param text the meaning; {@code {name}} placeholders are named groups of its regexes, {@code
   *     {status}} and {@code {reason}}
   * @param cause the cause such a page pins by itself (e.g. "could not connect to the origin" is
   *     {@code UPSTREAM_CONNECT_FAILED}); empty when the page leaves several open
   */
  public record Meaning(Condition condition, String text, Optional<Cause> cause) {
    public Meaning {
      cause = cause == null ? Optional.empty() : cause;
    }

    /** A meaning that pins no cause. */
    public Meaning(Condition condition, String text) {
      this(condition, text, Optional.empty());
    }
  }

  /**
   * These rules with a user's on top: a user rule replaces the rule with the same id, new ids are
   * appended, a user threshold or generic list replaces ours.
   */
  public FingerprintRules overriddenBy(
      FingerprintRules user, boolean userHasThreshold, boolean userHasGeneric) {
    Map<String, Rule> merged = new LinkedHashMap<>();
    for (Rule r : rules) {
      merged.put(r.id(), r);
    }
    for (Rule r : user.rules()) {
      merged.put(r.id(), r);
    }
    return new FingerprintRules(
        userHasThreshold ? user.threshold() : threshold,
        new ArrayList<>(merged.values()),
        userHasGeneric ? user.generic() : generic);
  }
}
