package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.fingerprint.internal.FingerprintRules;
import dev.probefleet.fingerprint.internal.FingerprintRulesParser;
import dev.probefleet.fingerprint.internal.RulesText;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped rule says where it was written from ({@code sources}), and the ids of its weak
 * signals say they are weak; a user's file need not.
 */
class RuleSourcesTest {
  private static final String RULE =
      """
      rules:
        - id: acme
          generator: nginx
          role: WEB_SERVER
      %s
          signals:
            - {id: %s, weight: %s, body: 'Acme'}
      """;

  private static FingerprintRules shipped() {
    return new FingerprintRulesParser(Fingerprinter.RULES_RESOURCE, true)
        .parse(RulesText.resource(Fingerprinter.RULES_RESOURCE), 0.5)
        .rules();
  }

  @Test
  void everyShippedRuleCitesSourcesThatExist() {
    Set<String> captures =
        CapturedPages.all().stream()
            .map(p -> "capture:" + CaptureCases.id(p))
            .collect(Collectors.toSet());
    for (FingerprintRules.Rule rule : shipped().rules()) {
      assertThat(rule.sources()).as(rule.id()).isNotEmpty();
      for (String source : rule.sources()) {
        if (source.startsWith("capture:")) {
          assertThat(captures).as(rule.id()).contains(source);
        } else if (source.startsWith("fixture:")) {
          assertThat(
                  RuleSourcesTest.class
                      .getClassLoader()
                      .getResource("documented/" + source.substring("fixture:".length())))
              .as(rule.id() + " " + source)
              .isNotNull();
        } else {
          assertThat(source).as(rule.id()).startsWith("https://");
        }
      }
    }
  }

  @Test
  void theShippedFileFailsNamingTheRuleWithoutSources() {
    String noSources = RULE.formatted("", "acme.page", "0.9");

    assertThatThrownBy(() -> new FingerprintRulesParser("rules.yaml", true).parse(noSources, 0.5))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageStartingWith("rules.yaml: rule 'acme', sources: is required in this file");
  }

  @Test
  void aUserFileMayLeaveSourcesOutOrCiteThem() {
    Fingerprinter without =
        Fingerprinter.defaults().withUserRules("my.yaml", RULE.formatted("", "acme.page", "0.9"));
    Fingerprinter with =
        Fingerprinter.defaults()
            .withUserRules(
                "my.yaml",
                RULE.formatted(
                    "    sources: [https://wiki.example.com/acme-pages]", "acme.weak", "0.3"));

    assertThat(without.ruleIds()).contains("acme");
    assertThat(with.ruleIds()).contains("acme");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            false,
            RULE.formatted("    sources: [somewhere]", "acme.page", "0.9"),
            "my.yaml: rule 'acme', sources[0]: 'somewhere' is not an http(s) address"),
        Arguments.of(
            false,
            RULE.formatted("    sources: {a: b}", "acme.page", "0.9"),
            "my.yaml: rule 'acme', sources: must be a string or a list of strings"),
        Arguments.of(
            true,
            RULE.formatted("    sources: [capture:nginx/refused]", "acme.page", "0.3"),
            "my.yaml: rule 'acme', signals[0].id: 'acme.page' weighs 0.3, below the threshold 0.5:"
                + " name it <rule>.weak.<what>"),
        Arguments.of(
            true,
            RULE.formatted("    sources: [fixture:kong-502.json]", "acme.weak.page", "0.9"),
            "my.yaml: rule 'acme', signals[0].id: 'acme.weak.page' is named weak but weighs 0.9"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("invalid")
  void badSourcesAndMisnamedWeakSignalsFailNamingTheRule(
      boolean shipped, String content, String message) {
    assertThatThrownBy(() -> new FingerprintRulesParser("my.yaml", shipped).parse(content, 0.5))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageStartingWith(message);
  }
}
