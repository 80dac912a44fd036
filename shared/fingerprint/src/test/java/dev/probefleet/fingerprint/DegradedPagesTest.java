package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.PublicCorpus;
import dev.probefleet.fingerprint.internal.Condition;
import dev.probefleet.fingerprint.internal.FingerprintRules;
import dev.probefleet.fingerprint.internal.FingerprintRulesParser;
import dev.probefleet.fingerprint.internal.PageText;
import dev.probefleet.fingerprint.internal.RulesText;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.ResponseHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every recorded capture, every documented fixture and every page of the public corpus's tuning
 * side, degraded the ways pages reach people (issue 14): headers stripped, the body rendered to
 * text as a browser shows it (and pasted without headers), the body cut to its first 40%, the
 * headers alone. Each degraded variant must still name the page's generator or say {@code unknown};
 * it must never name another generator above the threshold. The only other answer allowed is
 * software the generator is built on (its rule's {@code covers}: a Google load balancer's "no
 * healthy upstream" without its Via header is the Envoy inside it).
 *
 * <p>Prints how many derived variants keep their generator, per form.
 */
class DegradedPagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Fingerprinter FINGERPRINTER = Fingerprinter.defaults();

  /** One page as recorded or documented, with the generator it must give whole. */
  record Page(String name, String generator, CapturedResponse whole) {}

  /** A way pages are degraded. */
  enum Form {
    NO_HEADERS("headers stripped", DegradedPagesTest::withoutHeaders),
    TEXT("rendered to text, no headers", DegradedPagesTest::renderedText),
    CUT("body cut to 40%", DegradedPagesTest::cut),
    HEADERS_ONLY("headers only", DegradedPagesTest::headersOnly);

    final String label;
    final Function<CapturedResponse, CapturedResponse> derive;

    Form(String label, Function<CapturedResponse, CapturedResponse> derive) {
      this.label = label;
      this.derive = derive;
    }
  }

  @Test
  void degradedVariantsKeepTheirGeneratorOrSayUnknownNeverAnother() throws IOException {
    Map<String, Set<String>> builtOn = builtOn();
    List<String> wrong = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    Map<Form, int[]> tally = new LinkedHashMap<>();
    Map<String, int[]> byGenerator = new TreeMap<>();
    for (Form form : Form.values()) {
      tally.put(form, new int[3]);
    }
    List<Page> pages = pages();
    for (Page page : pages) {
      for (Form form : Form.values()) {
        CapturedResponse variant = form.derive.apply(page.whole());
        if (variant == null) {
          continue; // nothing left of the page in this form (no headers to strip, no body to cut)
        }
        Fingerprint f = FINGERPRINTER.fingerprint(variant);
        int[] counts = tally.get(form);
        int[] perGenerator = byGenerator.computeIfAbsent(page.generator(), g -> new int[3]);
        counts[2]++;
        perGenerator[2]++;
        if (f.generator().equals(page.generator())) {
          counts[0]++;
          perGenerator[0]++;
        } else if (!f.known()
            || builtOn.getOrDefault(page.generator(), Set.of()).contains(f.generator())) {
          counts[1]++;
          perGenerator[1]++;
          unknown.add(page.name() + " [" + form.label + "]");
          assertThat(f.score()).as(page.name()).isLessThan(1.0);
        } else {
          wrong.add(
              page.name()
                  + " ["
                  + form.label
                  + "] -> "
                  + f.generator()
                  + " "
                  + f.score()
                  + " "
                  + f.signals());
        }
      }
    }
    print(pages.size(), tally, byGenerator);
    System.out.println(
        "Unknown (or the software it is built on):\n  " + String.join("\n  ", unknown));

    assertThat(wrong).as("degraded variants that name another generator").isEmpty();
    assertThat(tally.values().stream().mapToInt(c -> c[2]).sum())
        .as("variants derived")
        .isGreaterThan(pages.size() * 2);
  }

  @Test
  void textPastedFromABrowserKeepsTheGeneratorOfEveryPageThatShowsItsAuthor() throws IOException {
    // Pages whose body names their author in words (a footer, a page text) must survive being
    // pasted as text with no headers: that is all many bug reports show. (A page known only by its
    // markup, such as the ALB's footerless page, cannot.)
    Set<String> markupOnly = new TreeSet<>();
    for (FingerprintRules.Rule rule : shippedRules().rules()) {
      for (FingerprintRules.Signal signal : rule.signals()) {
        if (signal.condition().bodyForm() == Condition.BodyForm.RAW) {
          markupOnly.add(signal.id());
        }
      }
    }
    for (Page page : pages()) {
      Fingerprint withBody =
          FINGERPRINTER.fingerprint(
              new CapturedResponse(
                  "HTTP/1.1",
                  page.whole().status(),
                  "",
                  ResponseHeaders.EMPTY,
                  page.whole().body(),
                  page.whole().body().length,
                  true));
      boolean bodyNamesAuthor =
          withBody.generator().equals(page.generator())
              && withBody.signals().stream()
                  .anyMatch(
                      s -> s.where() == Fingerprint.Where.BODY && !markupOnly.contains(s.id()));
      if (!bodyNamesAuthor) {
        continue;
      }
      Fingerprint pasted = FINGERPRINTER.fingerprint(renderedText(page.whole()));
      assertThat(pasted.generator()).as(page.name()).isEqualTo(page.generator());
    }
  }

  private static void print(int pages, Map<Form, int[]> tally, Map<String, int[]> byGenerator) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%nDerived variants of %d recorded, documented and tuning-side corpus pages:%n%-30s %6s %8s %6s%n",
            pages, "form", "same", "unknown", "total"));
    tally.forEach(
        (form, c) ->
            out.append(String.format("%-30s %6d %8d %6d%n", form.label, c[0], c[1], c[2])));
    out.append(String.format("%-30s %6s %8s %6s%n", "generator", "same", "unknown", "total"));
    byGenerator.forEach(
        (g, c) -> out.append(String.format("%-30s %6d %8d %6d%n", g, c[0], c[1], c[2])));
    System.out.print(out);
  }

  static List<Page> pages() throws IOException {
    List<Page> pages = new ArrayList<>();
    for (CapturedPage page : CapturedPages.all()) {
      pages.add(
          new Page(
              "capture:" + CaptureCases.id(page),
              CaptureCases.expectedGenerator(page),
              CaptureCases.response(page)));
    }
    for (String name : resource("documented/index.txt").split("\n")) {
      if (name.isBlank()) {
        continue;
      }
      String text = resource("documented/" + name.strip() + ".json");
      JsonNode expect = JSON.readTree(text).get("expect");
      pages.add(
          new Page(
              "fixture:" + name.strip(),
              expect.get("generator").asText(),
              ResponseDocuments.read(text, name.strip())));
    }
    // The tuning side of the public corpus too (never the held-out side: it is not even read).
    Map<String, PublicCorpus.Side> split = PublicCorpus.split();
    for (String id : PublicCorpus.ids()) {
      if (split.get(id) != PublicCorpus.Side.TUNING) {
        continue;
      }
      pages.add(
          new Page(
              "tuning:" + id,
              PublicCorpus.generatorOf(id),
              ResponseDocuments.read(PublicCorpus.text(id), id)));
    }
    return pages;
  }

  /** For each generator, the generators its rules say it is built on ({@code covers}). */
  private static Map<String, Set<String>> builtOn() {
    FingerprintRules rules = shippedRules();
    Map<String, Set<String>> builtOn = new LinkedHashMap<>();
    for (FingerprintRules.Rule rule : rules.rules()) {
      builtOn.computeIfAbsent(rule.generator(), g -> new TreeSet<>()).addAll(rule.covers());
    }
    return builtOn;
  }

  static FingerprintRules shippedRules() {
    return new FingerprintRulesParser(Fingerprinter.RULES_RESOURCE, true)
        .parse(RulesText.resource(Fingerprinter.RULES_RESOURCE), 0.5)
        .rules();
  }

  static CapturedResponse withoutHeaders(CapturedResponse r) {
    if (r.headers().fields().isEmpty() || r.body().length == 0) {
      return null;
    }
    return new CapturedResponse(
        r.version(), r.status(), "", ResponseHeaders.EMPTY, r.body(), r.bodyBytes(), true);
  }

  static CapturedResponse renderedText(CapturedResponse r) {
    if (r.body().length == 0) {
      return null;
    }
    byte[] text = PageText.render(r.bodyText()).getBytes(StandardCharsets.UTF_8);
    return new CapturedResponse(
        r.version(), r.status(), "", ResponseHeaders.EMPTY, text, text.length, true);
  }

  static CapturedResponse cut(CapturedResponse r) {
    byte[] body = r.body();
    if (body.length < 2) {
      return null;
    }
    byte[] head = Arrays.copyOf(body, (int) (body.length * 0.4));
    return new CapturedResponse(
        r.version(), r.status(), r.reason(), r.headers(), head, body.length, false);
  }

  static CapturedResponse headersOnly(CapturedResponse r) {
    if (r.body().length == 0 || r.headers().fields().isEmpty()) {
      return null;
    }
    return new CapturedResponse(
        r.version(), r.status(), r.reason(), r.headers(), new byte[0], 0, true);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DegradedPagesTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
