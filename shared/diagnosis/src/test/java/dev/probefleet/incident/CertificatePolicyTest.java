package dev.probefleet.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.Severity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificatePolicyTest {
  static final Instant NOW = Instant.parse("2026-11-24T09:00:30Z");

  @Test
  void theDefaultWarnsWithinTwoWeeksAndPagesWithinThreeDays() {
    CertificatePolicy p = CertificatePolicy.DEFAULT;
    assertThat(p.warnWithin()).isEqualTo(Duration.ofDays(14));
    assertThat(p.pageWithin()).isEqualTo(Duration.ofDays(3));
    assertThat(p.severity(NOW.plus(Duration.ofDays(15)), NOW)).isEmpty();
    assertThat(p.severity(NOW.plus(Duration.ofDays(14)).plusSeconds(1), NOW)).isEmpty();
    assertThat(p.severity(NOW.plus(Duration.ofDays(14)), NOW)).contains(Severity.WARN);
    assertThat(p.severity(NOW.plus(Duration.ofDays(3)).plusSeconds(1), NOW))
        .contains(Severity.WARN);
    assertThat(p.severity(NOW.plus(Duration.ofDays(3)), NOW)).contains(Severity.PAGE);
    assertThat(p.severity(NOW.minus(Duration.ofDays(30)), NOW)).contains(Severity.PAGE);
  }

  @Test
  void pageWithinLongerThanWarnWithinIsRejected() {
    assertThatThrownBy(() -> new CertificatePolicy(Duration.ofDays(14), Duration.ofDays(20)))
        .isInstanceOf(InvalidCertificatePolicyException.class)
        .hasMessage(
            "certificate policy pageWithin = 20 days: must not be longer than warnWithin (14"
                + " days)")
        .satisfies(
            e -> {
              InvalidCertificatePolicyException x = (InvalidCertificatePolicyException) e;
              assertThat(x.field()).isEqualTo("pageWithin");
              assertThat(x.value()).isEqualTo(Duration.ofDays(20));
            });
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> new CertificatePolicy(Duration.ZERO, Duration.ZERO))
        .hasMessage("certificate policy warnWithin = PT0S: must be positive");
    assertThatThrownBy(() -> new CertificatePolicy(Duration.ofDays(14), Duration.ofHours(-1)))
        .hasMessage(
            "certificate policy pageWithin = PT-1H: must not be negative (zero pages only once"
                + " expired)");
    assertThatThrownBy(() -> new CertificatePolicy(null, Duration.ofDays(3)))
        .hasMessage("certificate policy warnWithin = null: is required");
    assertThatThrownBy(() -> new CertificatePolicy(Duration.ofDays(1), null))
        .hasMessage("certificate policy pageWithin = null: is required");
  }

  @Test
  void zeroPagesOnlyOnceExpired() {
    CertificatePolicy p = new CertificatePolicy(Duration.ofDays(1), Duration.ZERO);
    assertThat(p.severity(NOW.plusSeconds(1), NOW)).contains(Severity.WARN);
    assertThat(p.severity(NOW, NOW)).contains(Severity.PAGE);
  }
}
