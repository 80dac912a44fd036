package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.model.Fingerprint;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fingerprinter on pages recorded from real nginx, HAProxy, Apache, Varnish, Squid and Caddy
 * (shipped in probefleet-captures), whole and cut down to what is often all one has: the headers,
 * the body, or the first 40% of the body.
 */
class CapturedPagesFingerprintTest {
  private final Fingerprinter fingerprinter = Fingerprinter.defaults();

  static Stream<CapturedPage> pages() {
    return CapturedPages.all().stream();
  }

  static Stream<CapturedPage> errorPages() {
    return pages().filter(CaptureCases::isErrorPage);
  }

  static Stream<CapturedPage> errorPagesWithBody() {
    return errorPages().filter(p -> !p.body().isEmpty());
  }

  @Test
  void everySoftwareHasItsErrorScenariosShipped() {
    Set<Software> recorded =
        CapturedPages.all().stream().map(CapturedPage::software).collect(Collectors.toSet());
    assertThat(recorded).containsExactlyInAnyOrder(Software.values());
    for (Software s : Software.values()) {
      Set<Scenario> scenarios =
          CapturedPages.of(s).stream().map(CapturedPage::scenario).collect(Collectors.toSet());
      assertThat(scenarios)
          .as(s.id())
          .containsAll(
              EnumSet.of(
                  Scenario.HEALTHY,
                  Scenario.REFUSED,
                  Scenario.INVALID_HEADER,
                  Scenario.CLOSED_BEFORE_HEADERS,
                  Scenario.TIMEOUT,
                  Scenario.OVERSIZED_HEADER));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void wholePageNamesItsGenerator(CapturedPage page) {
    Fingerprint f = fingerprinter.fingerprint(CaptureCases.response(page));

    assertThat(f.generator())
        .as(CaptureCases.id(page))
        .isEqualTo(CaptureCases.expectedGenerator(page));
    if (f.known()) {
      assertThat(f.score()).isGreaterThanOrEqualTo(fingerprinter.threshold());
      assertThat(f.signals()).isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorPages")
  void errorPageMeaningSaysWhatHappened(CapturedPage page) {
    Fingerprint f = fingerprinter.fingerprint(CaptureCases.response(page));

    assertThat(f.meaning())
        .as(CaptureCases.id(page))
        .contains(CaptureCases.expectedMeaningPhrase(page));
    assertThat(f.passedThrough()).as("nothing relayed a page written on loopback").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorPages")
  void headersAloneStillNameTheGenerator(CapturedPage page) {
    Fingerprint f = fingerprinter.fingerprint(CaptureCases.headersOnly(page));

    assertThat(f.generator()).as(CaptureCases.id(page)).isEqualTo(page.software().id());
    assertThat(f.signals()).anyMatch(s -> s.where() == Fingerprint.Where.HEADER);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorPagesWithBody")
  void bodyAloneStillNamesTheGenerator(CapturedPage page) {
    Fingerprint f = fingerprinter.fingerprint(CaptureCases.bodyOnly(page));

    assertThat(f.generator()).as(CaptureCases.id(page)).isEqualTo(page.software().id());
    assertThat(f.signals()).anyMatch(s -> s.where() == Fingerprint.Where.BODY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorPagesWithBody")
  void truncatedBodyStillNamesTheGenerator(CapturedPage page) {
    Fingerprint f = fingerprinter.fingerprint(CaptureCases.truncated(page, 0.4));

    assertThat(f.generator()).as(CaptureCases.id(page)).isEqualTo(page.software().id());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void theRecordedDocumentReadsAsTheExplainInput(CapturedPage page) {
    Fingerprint fromDocument =
        fingerprinter.fingerprint(ResponseDocuments.read(page.toJson(), CaptureCases.id(page)));

    assertThat(fromDocument).isEqualTo(fingerprinter.fingerprint(CaptureCases.response(page)));
  }

  @Test
  void healthyAnswersThroughMarkingSoftwareNameIt() {
    for (Software s :
        Arrays.asList(
            Software.NGINX, Software.APACHE, Software.CADDY, Software.VARNISH, Software.SQUID)) {
      Fingerprint f =
          fingerprinter.fingerprint(CaptureCases.response(CapturedPages.load(s, Scenario.HEALTHY)));
      assertThat(f.generator()).as(s.id()).isEqualTo(s.id());
    }
    Fingerprint haproxy =
        fingerprinter.fingerprint(
            CaptureCases.response(CapturedPages.load(Software.HAPROXY, Scenario.HEALTHY)));
    assertThat(haproxy.generator()).isEqualTo("unknown");
    assertThat(haproxy.passedThrough()).isEmpty();
  }
}
