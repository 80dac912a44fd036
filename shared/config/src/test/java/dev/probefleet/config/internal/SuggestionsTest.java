package dev.probefleet.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

  private static final List<String> PATH_KEYS = TargetsReader.PATH_KEYS;

  @ParameterizedTest
  @CsvSource({
    "timout, timeout",
    "timeotu, timeout",
    "Timeout, timeout",
    "probe_from, probeFrom",
    "probe-from, probeFrom",
    "expectAddress, expectAddresses",
    "cafile, caFile",
    "uri, url",
    "hots, host",
    "header, headers",
    "insecure_, insecure",
  })
  void aTypoFindsTheKeyItWasMeantToBe(String typed, String meant) {
    assertThat(Suggestions.closest(typed, PATH_KEYS)).contains(meant);
  }

  @ParameterizedTest
  @CsvSource({"colour", "port", "retries", "x", "verifyTls"})
  void somethingElseEntirelyFindsNothing(String typed) {
    assertThat(Suggestions.closest(typed, PATH_KEYS)).isEmpty();
  }
}
