package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.captures.PublicCorpus;
import dev.probefleet.captures.PublicCorpus.Side;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped rules measured on error pages as people meet them in public (shared/captures' {@link
 * PublicCorpus}): per generator, precision and recall on the held-out third (never looked at while
 * writing rules) and on the tuning part, printed as a table and written to {@code
 * target/public-corpus-report.txt}.
 *
 * <p>Issue 14 measures the pages "a person who knows the vendors recognises at a glance". Each page
 * says whether it is one ({@code meta.identifiable}, with the evidence or the reason in {@code
 * meta.identifiedBy}), from a blind audit of every page's content by someone who did not know what
 * the rules say: a body that is only "502 Bad Gateway", which many products write, or wording two
 * products share word for word, names nobody. The report gives accuracy over the identifiable pages
 * and over every page.
 *
 * <p>Fails when the held-out accuracy on identifiable pages drops below {@value
 * #MIN_HELD_OUT_ACCURACY}, when it drops below {@value #MIN_HELD_OUT_ACCURACY_ALL_PAGES} on every
 * held-out page, or when any page is pinned on a wrong generator with a score at or above the
 * threshold: {@code unknown} is a miss, a wrong generator misleads the person on call.
 *
 * <p>While writing rules, run it on the tuning part alone: {@code -Dprobefleet.corpus.side=tuning}.
 * Held-out pages are then neither fingerprinted nor printed. Misses on the held-out side are
 * printed by id only with {@code -Dprobefleet.corpus.showHeldOut=true}.
 */
class PublicCorpusPrecisionTest {
  /**
   * The floor on identifiable held-out pages: issue 14's target. The rules reached 99 of 103
   * (0.961) on 5 December 2026, measured once after 40 fresh pages were split (13 held out) and the
   * rules were written from the tuning side and vendor sources.
   */
  static final double MIN_HELD_OUT_ACCURACY = 0.95;

  /** The floor on every held-out page: 103 of 109 (0.945) on 5 December 2026. */
  static final double MIN_HELD_OUT_ACCURACY_ALL_PAGES = 0.94;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FORMS =
      Set.of("full", "headers-only", "body-only", "text-rendered", "cut");
  private static final Pattern SOURCE = Pattern.compile("^https?://\\S+$");
  private static final Fingerprinter FINGERPRINTER = Fingerprinter.defaults();

  /** One page of the corpus with its truth. */
  record Page(
      String id,
      Side side,
      String generator,
      int status,
      String form,
      List<String> passedThrough,
      String source,
      boolean identifiable,
      String identifiedBy,
      CapturedResponse response) {
    @Override
    public String toString() {
      return id;
    }
  }

  /** A page and what the rules said. */
  record Outcome(Page page, Fingerprint fingerprint) {
    boolean correct() {
      return fingerprint.generator().equals(page.generator());
    }

    /** Pinned on another generator than its author, with a score that names it. */
    boolean wrong() {
      return !correct() && fingerprint.known() && fingerprint.score() >= FINGERPRINTER.threshold();
    }

    boolean hopsRight() {
      return fingerprint.passedThrough().equals(page.passedThrough());
    }
  }

  static List<Page> pages() {
    Map<String, Side> split = PublicCorpus.split();
    List<Page> pages = new ArrayList<>();
    for (String id : PublicCorpus.ids()) {
      String text = PublicCorpus.text(id);
      JsonNode meta;
      try {
        meta = JSON.readTree(text).path("meta");
      } catch (IOException e) {
        throw new UncheckedIOException(id, e);
      }
      List<String> hops = new ArrayList<>();
      meta.path("passedThrough").forEach(h -> hops.add(h.asText()));
      pages.add(
          new Page(
              id,
              split.get(id),
              meta.path("generator").asText(""),
              meta.path("status").asInt(-1),
              meta.path("form").asText(""),
              hops,
              meta.path("source").asText(""),
              meta.path("identifiable").asBoolean(false),
              meta.path("identifiable").isBoolean() ? meta.path("identifiedBy").asText("") : "",
              ResponseDocuments.read(text, PublicCorpus.RESOURCE_ROOT + id + ".json")));
    }
    return pages;
  }

  static Stream<Page> everyPage() {
    return pages().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPage")
  void everyPageSaysWhoWroteItAndWhereItWasRead(Page page) {
    assertThat(page.side()).as("side in split.txt").isNotNull();
    assertThat(page.generator())
        .as("meta.generator is the page's directory")
        .isEqualTo(PublicCorpus.generatorOf(page.id()));
    assertThat(page.status()).as("meta.status").isEqualTo(page.response().status());
    assertThat(page.form()).as("meta.form").isIn(FORMS);
    assertThat(page.source()).as("meta.source").matches(SOURCE);
    assertThat(page.identifiedBy())
        .as("meta.identifiable (true|false) and meta.identifiedBy (the evidence, or why not)")
        .isNotBlank();
    CapturedResponse r = page.response();
    assertThat(r.headers().fields().isEmpty() && r.body().length == 0 && r.reason().isEmpty())
        .as(
            "a page with no headers, no body and no reason phrase carries no evidence of its author")
        .isFalse();
  }

  @Test
  void heldOutAccuracyAndNoWrongGenerator() throws IOException {
    String only = System.getProperty("probefleet.corpus.side", "").strip();
    boolean showHeldOut = Boolean.getBoolean("probefleet.corpus.showHeldOut");
    List<Outcome> outcomes = new ArrayList<>();
    for (Page page : pages()) {
      if (only.isEmpty() || page.side().id().equals(only)) {
        outcomes.add(new Outcome(page, FINGERPRINTER.fingerprint(page.response())));
      }
    }
    assertThat(outcomes).as("corpus pages on the side(s) measured").isNotEmpty();
    String report = report(outcomes, showHeldOut);
    System.out.println(report);
    Path out = Path.of("target", "public-corpus-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);

    assertThat(outcomes.stream().filter(Outcome::wrong).map(o -> describe(o, showHeldOut)))
        .as("pages pinned on a wrong generator above the threshold")
        .isEmpty();
    List<Outcome> heldOut =
        outcomes.stream().filter(o -> o.page().side() == Side.HELD_OUT).toList();
    if (!heldOut.isEmpty()) {
      List<Outcome> identifiable = heldOut.stream().filter(o -> o.page().identifiable()).toList();
      assertThat(identifiable).as("identifiable held-out pages").isNotEmpty();
      assertThat(accuracy(identifiable))
          .as("held-out accuracy on identifiable pages (see the report above)")
          .isGreaterThanOrEqualTo(MIN_HELD_OUT_ACCURACY);
      assertThat(accuracy(heldOut))
          .as("held-out accuracy on every page (see the report above)")
          .isGreaterThanOrEqualTo(MIN_HELD_OUT_ACCURACY_ALL_PAGES);
    }
  }

  static String report(List<Outcome> outcomes, boolean showHeldOut) {
    Set<String> generators = new TreeSet<>();
    outcomes.forEach(
        o -> {
          generators.add(o.page().generator());
          if (o.fingerprint().known()) {
            generators.add(o.fingerprint().generator());
          }
        });
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "public corpus: %d pages, threshold %.2f%n%-16s | %-26s | %-26s%n%-16s | %4s %6s %6s %6s | %4s %6s %6s %6s%n",
            outcomes.size(),
            FINGERPRINTER.threshold(),
            "",
            "held-out",
            "tuning",
            "generator",
            "n",
            "prec",
            "recall",
            "wrong",
            "n",
            "prec",
            "recall",
            "wrong"));
    for (String g : generators) {
      out.append(String.format(Locale.ROOT, "%-16s |", g));
      for (Side side : Side.values()) {
        List<Outcome> s = outcomes.stream().filter(o -> o.page().side() == side).toList();
        long n = s.stream().filter(o -> o.page().generator().equals(g)).count();
        long tp = s.stream().filter(o -> o.page().generator().equals(g) && o.correct()).count();
        long said = s.stream().filter(o -> o.fingerprint().generator().equals(g)).count();
        long wrong = s.stream().filter(o -> o.page().generator().equals(g) && o.wrong()).count();
        out.append(
            String.format(
                Locale.ROOT,
                " %4d %6s %6s %6d |",
                n,
                said == 0 ? "-" : pct(tp, said),
                n == 0 ? "-" : pct(tp, n),
                wrong));
      }
      out.setLength(out.length() - 1);
      out.append('\n');
    }
    for (Side side : Side.values()) {
      List<Outcome> s = outcomes.stream().filter(o -> o.page().side() == side).toList();
      if (s.isEmpty()) {
        continue;
      }
      long hopPages = s.stream().filter(o -> !o.page().passedThrough().isEmpty()).count();
      long hopsRight =
          s.stream().filter(o -> !o.page().passedThrough().isEmpty() && o.hopsRight()).count();
      List<Outcome> known = s.stream().filter(o -> o.page().identifiable()).toList();
      out.append(
          String.format(
              Locale.ROOT,
              "%s: accuracy %s (%d/%d) on identifiable pages, %s (%d/%d) on every page, wrong"
                  + " generator above threshold %d, passed_through right %d/%d%n",
              side.id(),
              pct(known.stream().filter(Outcome::correct).count(), known.size()),
              known.stream().filter(Outcome::correct).count(),
              known.size(),
              pct(s.stream().filter(Outcome::correct).count(), s.size()),
              s.stream().filter(Outcome::correct).count(),
              s.size(),
              s.stream().filter(Outcome::wrong).count(),
              hopsRight,
              hopPages));
      Map<String, Long> byForm = new TreeMap<>();
      Map<String, Long> rightByForm = new TreeMap<>();
      for (Outcome o : s) {
        byForm.merge(o.page().form(), 1L, Long::sum);
        rightByForm.merge(o.page().form(), o.correct() ? 1L : 0L, Long::sum);
      }
      out.append("  by form:");
      byForm.forEach(
          (form, n) ->
              out.append(' ')
                  .append(form)
                  .append(' ')
                  .append(rightByForm.get(form))
                  .append('/')
                  .append(n));
      out.append('\n');
      if (side == Side.TUNING || showHeldOut) {
        s.stream()
            .filter(o -> !o.correct() || !o.hopsRight())
            .forEach(o -> out.append("  ").append(describe(o, true)).append('\n'));
      }
    }
    return out.toString();
  }

  private static String describe(Outcome o, boolean showId) {
    Fingerprint f = o.fingerprint();
    String what =
        String.format(
            Locale.ROOT,
            "want %s %s%s, got %s %.2f %s",
            o.page().generator(),
            o.page().passedThrough(),
            o.page().identifiable() ? "" : " (not identifiable: " + o.page().identifiedBy() + ")",
            f.generator(),
            f.score(),
            f.passedThrough());
    return (showId ? o.page().id() : o.page().side().id() + " page") + ": " + what;
  }

  private static double accuracy(List<Outcome> outcomes) {
    return outcomes.stream().filter(Outcome::correct).count() / (double) outcomes.size();
  }

  private static String pct(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
