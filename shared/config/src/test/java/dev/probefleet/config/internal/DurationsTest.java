package dev.probefleet.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms, 500", "1ms, 1", "10s, 10000", "2m, 120000", "5m, 300000", "300s, 300000"})
  void timeoutsWithAUnitAreRead(String text, long millis) {
    assertThat(Durations.timeout(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1h      | '1h' is more than the 5m maximum",
        "301s    | '301s' is more than the 5m maximum",
        "9999999999999h | '9999999999999h' is more than the 5m maximum",
        "0ms     | '0ms' is not a timeout; it must be more than 0",
        "10      | '10' has no unit; write 10s or 10000ms",
        "2.5m    | '2.5m' is not a duration; use whole numbers: write 150000ms",
        "10 s    | '10 s' is not a duration; write a whole number and a unit: 500ms, 10s, 2m or 1h",
        "10S     | '10S' is not a duration; write a whole number and a unit: 500ms, 10s, 2m or 1h",
        "PT10S   | 'PT10S' is not a duration; write a whole number and a unit: 500ms, 10s, 2m or 1h",
      })
  void otherTimeoutsAreRefusedWithWhatToWrite(String text, String message) {
    assertThatThrownBy(() -> Durations.timeout(text)).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10    | '10' has no unit; write 10s or 10000ms",
        "300   | '300' has no unit; write 300s or 300000ms",
        "500   | '500' has no unit; write 500ms",
        "0.5   | '0.5' has no unit; write 500ms",
        "0     | '0' is not a timeout; it must be more than 0, with a unit: 500ms, 10s, 2m or 1h",
        "-5    | '-5' is not a timeout; it must be more than 0, with a unit: 500ms, 10s, 2m or 1h",
        "0.0001 | '0.0001' has no unit; write a whole number and a unit: 500ms, 10s, 2m or 1h",
      })
  void aBareNumberGetsTheUnitsItMayHaveMeant(String number, String message) {
    assertThat(Durations.withoutUnit(number)).isEqualTo(message);
  }
}
