package dev.probefleet.fingerprint.internal;

import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.Fingerprint.Role;
import dev.probefleet.model.Fingerprint.Where;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a rule set to one response.
 *
 * <p>Each rule's score is the noisy-or of the weights of its signals that fired ({@code 1 - prod(1
 * - w)}): independent pieces of evidence add up, and one strong signal decides alone.
 *
 * <p><b>Author evidence and relaying evidence.</b> DESIGN §1: the generator is the software that
 * wrote the response, "body first, then the headers only its author sets". A signal that fired is
 * evidence that the rule's software <em>relayed</em> the response, not that it wrote it, when
 *
 * <ul>
 *   <li>it is a {@code hop} signal (CloudFront's {@code Via}, {@code X-Varnish}, {@code CF-RAY}),
 *       or
 *   <li>it looks outside the body (headers, status, reason phrase), is not {@code authorOnly}, and
 *       the response is an error (status 400 or more) whose body has text (something other than
 *       whitespace once rendered) or that sets a cookie, while none of the rule's body signals
 *       fired.
 * </ul>
 *
 * The second case is the relaying hop's stamp: nginx as a reverse proxy hides the upstream's {@code
 * Server} and sets its own, Cloudflare sets {@code Server: cloudflare} on everything it proxies, so
 * a Django 500 relayed by either carries that header over a page the hop did not write. Such
 * headers name the author only of an empty body (a header dump, a bodiless 502) or together with
 * the rule's own page text. An error that sets a cookie counts as somebody's page even without a
 * body: the cookie is the application's session (an empty 500 from PHP behind nginx and Varnish),
 * and the proxies and web servers these rules know set none on the errors they write. {@code
 * authorOnly} marks the header and status evidence only the software's own responses carry
 * (Cloudflare's 520-526, {@code X-Squid-Error}, {@code X-Amzn-ErrorType}, {@code cf-mitigated},
 * Heroku's router error headers, the reason phrases of ELB and Varnish, Kong's {@code
 * X-Kong-Response-Latency}): it names the author whatever the body, since a hop never adds it to a
 * response it relays. A healthy answer (status below 400) is nobody's error page: the software
 * whose headers mark it stays its generator, the path's baseline (an application's 200 behind nginx
 * is known by nginx's {@code Server}).
 *
 * <p>The generator is chosen in three steps, so that the software that wrote the page wins over the
 * hops that merely relayed it:
 *
 * <ol>
 *   <li>the best rule whose <em>body</em> signals alone reach the threshold (a page names its
 *       author);
 *   <li>else the best rule whose author evidence (body, and the header and status evidence that
 *       counts for authorship as above) reaches it;
 *   <li>else, for a response that is not an error (status below 400), the best rule whose signals
 *       including relaying evidence reach it: when nobody claims a healthy response, the hop that
 *       marked it is the best answer (a healthy answer through Varnish is known by Varnish's
 *       headers). An error page nobody claims stays {@code unknown}, its markers listed as hops: a
 *       CDN marks the origin's 502 it relays just as it marks its own.
 * </ol>
 *
 * When no rule reaches the threshold, the answer is {@code unknown} with the score and the author
 * signals of the rule that came nearest: weak evidence stays visible (its ids say {@code weak}).
 *
 * <p>Every other rule with relaying evidence (hop signals reaching {@value #HOP_THRESHOLD}, or
 * header and status evidence reaching the threshold without the rule's page, such as a rewritten
 * {@code Server}) is a hop in {@code passed_through}, ordered outermost first: CDNs, then load
 * balancers, then web servers; within a role by their position in {@code Via}.
 */
public final class Evaluator {
  /** The least relaying evidence that lists a hop. */
  static final double HOP_THRESHOLD = 0.3;

  private static final Pattern PLACEHOLDER = Pattern.compile("(?<!%)\\{([A-Za-z][A-Za-z0-9]*)}");

  private final FingerprintRules rules;

  public Evaluator(FingerprintRules rules) {
    this.rules = rules;
  }

  public FingerprintRules rules() {
    return rules;
  }

  private record Fired(FingerprintRules.Signal signal, Where where, Map<String, String> groups) {}

  /**
   * The signals of one rule that fired on a response.
   *
   * @param relaysOnly whether the rule's header and status evidence is relaying evidence here: the
   *     body has text and none of the rule's body signals fired, so its headers (other than {@code
   *     authorOnly} ones) say only that the software passed the response on
   */
  private record Outcome(
      FingerprintRules.Rule rule, int order, List<Fired> fired, boolean relaysOnly) {
    /** Whether a fired signal is evidence of relaying rather than of writing the response. */
    boolean relaying(Fired f) {
      return f.signal().hop()
          || (relaysOnly && f.where() != Where.BODY && !f.signal().authorOnly());
    }

    double score(boolean includeRelaying, Where only) {
      double miss = 1.0;
      for (Fired f : fired) {
        if ((includeRelaying || !relaying(f)) && (only == null || f.where() == only)) {
          miss *= 1.0 - f.signal().weight();
        }
      }
      return 1.0 - miss;
    }

    double body() {
      return score(false, Where.BODY);
    }

    double author() {
      return score(false, null);
    }

    double total() {
      return score(true, null);
    }

    double hop() {
      double miss = 1.0;
      for (Fired f : fired) {
        if (f.signal().hop()) {
          miss *= 1.0 - f.signal().weight();
        }
      }
      return 1.0 - miss;
    }

    /**
     * The evidence outside the body that is not a hop signal (headers, status, reason), whether or
     * not it counts for authorship here.
     */
    double stamped() {
      double miss = 1.0;
      for (Fired f : fired) {
        if (!f.signal().hop() && f.where() != Where.BODY) {
          miss *= 1.0 - f.signal().weight();
        }
      }
      return 1.0 - miss;
    }

    boolean authoredBeyondHeaders() {
      return fired.stream().anyMatch(f -> !relaying(f) && f.where() != Where.HEADER);
    }
  }

  /** Who wrote the response, with the hops that relayed it and what it means. */
  public Fingerprint fingerprint(CapturedResponse response) {
    ResponseView view = ResponseView.of(response);
    // An error page with something to read is somebody's page: a rule's headers name its author
    // only when the page is empty or also theirs. So is an error that sets a cookie (the
    // application's session): proxies and web servers set none on the errors they write. A healthy
    // answer is nobody's page: the software whose headers mark it is the path's baseline.
    boolean pageWithText =
        view.status() >= 400 && (!view.text().isBlank() || view.headers().has("Set-Cookie"));
    List<Outcome> outcomes = new ArrayList<>();
    int order = 0;
    for (FingerprintRules.Rule rule : rules.rules()) {
      order++;
      if (rule.disabled()) {
        continue;
      }
      List<Fired> fired = new ArrayList<>();
      for (FingerprintRules.Signal signal : rule.signals()) {
        signal
            .condition()
            .test(view)
            .ifPresent(hit -> fired.add(new Fired(signal, hit.where(), hit.groups())));
      }
      if (!fired.isEmpty()) {
        boolean relaysOnly = pageWithText && fired.stream().noneMatch(f -> f.where() == Where.BODY);
        outcomes.add(new Outcome(rule, order, fired, relaysOnly));
      }
    }
    Optional<Outcome> winner = choose(outcomes, view.status());
    List<String> passedThrough = passedThrough(outcomes, winner, view);
    if (winner.isEmpty()) {
      Optional<Meant> generic = meaning(rules.generic(), view, Map.of());
      // Nobody reached the threshold: say how close the best author came, with its signals (their
      // ids mark weak evidence as weak), so "unknown" still tells what little the page shows.
      Optional<Outcome> nearest =
          outcomes.stream()
              .filter(o -> o.author() > 0)
              .max(Comparator.comparingDouble(Outcome::author).thenComparingInt(o -> -o.order()));
      return new Fingerprint(
          Fingerprint.UNKNOWN,
          Role.UNKNOWN,
          passedThrough,
          generic.map(Meant::text).orElse(""),
          nearest.map(o -> round(o.author())).orElse(0.0),
          nearest.map(o -> signals(o, false)).orElse(List.of()),
          generic.flatMap(Meant::cause));
    }
    Outcome w = winner.get();
    List<Fingerprint.Signal> signals = signals(w, true);
    Map<String, String> found = new HashMap<>();
    w.fired().forEach(f -> f.groups().forEach(found::putIfAbsent));
    Optional<Meant> meant =
        meaning(w.rule().meanings(), view, found).or(() -> meaning(rules.generic(), view, found));
    return new Fingerprint(
        w.rule().generator(),
        w.rule().role(),
        passedThrough,
        meant.map(Meant::text).orElse(""),
        round(w.total()),
        signals,
        meant.flatMap(Meant::cause));
  }

  private static List<Fingerprint.Signal> signals(Outcome o, boolean includeRelaying) {
    return o.fired().stream()
        .filter(f -> includeRelaying || !o.relaying(f))
        .map(f -> new Fingerprint.Signal(f.signal().id(), f.where(), f.signal().weight()))
        .toList();
  }

  private Optional<Outcome> choose(List<Outcome> outcomes, int status) {
    double t = rules.threshold();
    Comparator<Outcome> earlier = Comparator.comparingInt(o -> -o.order());
    Optional<Outcome> byBody =
        outcomes.stream()
            .filter(o -> o.body() >= t && o.body() > 0)
            .max(
                Comparator.comparingDouble(Outcome::body)
                    .thenComparingDouble(Outcome::author)
                    .thenComparingDouble(Outcome::total)
                    .thenComparing(earlier));
    if (byBody.isPresent()) {
      return byBody;
    }
    Optional<Outcome> byAuthor =
        outcomes.stream()
            .filter(o -> o.author() >= t && o.author() > 0)
            .max(
                Comparator.comparingDouble(Outcome::author)
                    .thenComparingDouble(Outcome::total)
                    .thenComparing(earlier));
    if (byAuthor.isPresent()) {
      return byAuthor;
    }
    if (status >= 400) {
      // An error page whose author nobody recognises: the hops that relayed it did not write it
      // by marking it (a CDN relaying an origin's 502 adds the same headers as to its own).
      return Optional.empty();
    }
    return outcomes.stream()
        .filter(o -> o.total() >= t && o.total() > 0)
        .max(Comparator.comparingDouble(Outcome::total).thenComparing(earlier));
  }

  private record Hop(String generator, Role role, int viaIndex, int order) {}

  private List<String> passedThrough(
      List<Outcome> outcomes, Optional<Outcome> winner, ResponseView view) {
    Set<String> excluded = new LinkedHashSet<>();
    winner.ifPresent(
        w -> {
          excluded.add(w.rule().generator());
          excluded.addAll(w.rule().covers());
        });
    List<Hop> hops = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (winner.isPresent() && o == winner.get()) {
        continue;
      }
      // Relaying evidence: hop signals, or author evidence found only in the headers (and status)
      // while the page is somebody else's or nobody's: a rewritten Server above another's page.
      boolean relayed =
          o.hop() >= HOP_THRESHOLD
              || ((o.relaysOnly() || !o.authoredBeyondHeaders())
                  && o.stamped() >= rules.threshold());
      if (relayed) {
        hops.add(new Hop(o.rule().generator(), o.rule().role(), viaIndex(o, view), o.order()));
        excluded.addAll(o.rule().covers());
      }
    }
    Map<String, Hop> byGenerator = new LinkedHashMap<>();
    hops.stream()
        .sorted(
            Comparator.comparingInt((Hop h) -> roleRank(h.role()))
                .thenComparingInt(h -> -h.viaIndex())
                .thenComparingInt(Hop::order))
        .filter(h -> !excluded.contains(h.generator()))
        .forEach(h -> byGenerator.putIfAbsent(h.generator(), h));
    return List.copyOf(byGenerator.keySet());
  }

  /**
   * The position of the hop in {@code Via} (entries in order of all Via fields; later entries are
   * hops nearer the client), or -1 when no Via signal of this rule fired.
   */
  private static int viaIndex(Outcome o, ResponseView view) {
    List<String> entries = new ArrayList<>();
    for (String value : view.headers().all("Via")) {
      for (String entry : value.split(",")) {
        if (!entry.isBlank()) {
          entries.add(entry.strip());
        }
      }
    }
    int best = -1;
    for (Fired f : o.fired()) {
      Condition c = f.signal().condition();
      Pattern via = null;
      if ("via".equalsIgnoreCase(c.header())) {
        via = c.value();
      } else {
        for (Map.Entry<String, Pattern> e : c.headers().entrySet()) {
          if ("via".equalsIgnoreCase(e.getKey())) {
            via = e.getValue();
          }
        }
      }
      if (via == null) {
        continue;
      }
      for (int i = 0; i < entries.size(); i++) {
        if (via.matcher(entries.get(i)).find()) {
          best = Math.max(best, i);
        }
      }
    }
    return best;
  }

  private static int roleRank(Role role) {
    return switch (role) {
      case CDN -> 0;
      case LOAD_BALANCER -> 1;
      case WEB_SERVER -> 2;
      case APP_SERVER -> 3;
      case UNKNOWN -> 4;
    };
  }

  /** The first matching meaning's text, filled in, and the cause it pins. */
  private record Meant(String text, Optional<Cause> cause) {}

  /**
   * The first meaning whose conditions hold, its placeholders filled from its own regexes' groups,
   * then from the groups the winner's signals captured ({@code {version}} is the software's version
   * when a signal parsed one out, else empty).
   */
  private static Optional<Meant> meaning(
      List<FingerprintRules.Meaning> meanings, ResponseView view, Map<String, String> found) {
    for (FingerprintRules.Meaning m : meanings) {
      Optional<Condition.Hit> hit = m.condition().test(view);
      if (hit.isPresent()) {
        Map<String, String> values = new HashMap<>(found);
        values.putAll(hit.get().groups());
        values.putIfAbsent("version", "");
        values.put("status", String.valueOf(view.status()));
        values.put("reason", view.reason());
        return Optional.of(new Meant(fill(m.text(), values), m.cause()));
      }
    }
    return Optional.empty();
  }

  static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString().replace(" )", ")").replaceAll("\\s+", " ").strip();
  }

  private static double round(double score) {
    return Math.min(1.0, Math.max(0.0, Math.round(score * 1000.0) / 1000.0));
  }
}
