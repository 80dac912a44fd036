package dev.probefleet.analyzer;

import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.incident.CertificatePolicy;
import dev.probefleet.incident.IncidentPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the analyzer decides and how much it tries.
 *
 * @param period the schedule's period: the length of a round slot
 * @param grace how long after a slot ends it is first analysed: the probe regions' rounds (with
 *     their fast confirmation) must have arrived by then
 * @param reanalyzeSlots how many slots before the due one are analysed again when a region's round
 *     was missing: a late round is taken into account (idempotently) within that many slots
 * @param expectedRegions the regions that probe every slot; a target's expected regions are those
 *     of them that may probe one of its paths. A missing one is "no data", never "healthy". Empty:
 *     whichever regions report (a single-region or local fleet)
 * @param policy when incidents open and resolve
 * @param certificateWarning how close to expiry a certificate is reported on a verdict
 * @param certificates when an expiring certificate opens its own incident (WARN) and pages
 * @param outbox how the outbox publishes and gives up
 * @param commitAttempts how often a target is decided again after a conflicting concurrent write
 * @param parallelism targets analysed at once (each mostly waits on the store)
 */
public record AnalyzerSettings(
    Duration period,
    Duration grace,
    int reanalyzeSlots,
    List<String> expectedRegions,
    IncidentPolicy policy,
    Duration certificateWarning,
    CertificatePolicy certificates,
    OutboxSettings outbox,
    int commitAttempts,
    int parallelism) {

  /** 1-minute slots analysed 20 s after they end, 2 re-analysed; 2 of 3; 32 targets at once. */
  public static final AnalyzerSettings DEFAULT =
      new AnalyzerSettings(
          Duration.ofMinutes(1),
          Duration.ofSeconds(20),
          2,
          List.of(),
          IncidentPolicy.DEFAULT,
          AttributionInput.DEFAULT_CERTIFICATE_WARNING,
          CertificatePolicy.DEFAULT,
          OutboxSettings.DEFAULT,
          5,
          32);

  public AnalyzerSettings {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(grace, "grace");
    expectedRegions = expectedRegions.stream().distinct().sorted().toList();
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(certificateWarning, "certificateWarning");
    Objects.requireNonNull(certificates, "certificates");
    Objects.requireNonNull(outbox, "outbox");
    if (period.toMillis() < 1) {
      throw new IllegalArgumentException("period must be at least 1 ms: " + period);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative: " + grace);
    }
    if (reanalyzeSlots < 0) {
      throw new IllegalArgumentException("reanalyzeSlots must not be negative");
    }
    if (commitAttempts < 1) {
      throw new IllegalArgumentException("commitAttempts must be at least 1");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
  }

  public AnalyzerSettings withPeriod(Duration value) {
    return new AnalyzerSettings(
        value,
        grace,
        reanalyzeSlots,
        expectedRegions,
        policy,
        certificateWarning,
        certificates,
        outbox,
        commitAttempts,
        parallelism);
  }

  public AnalyzerSettings withGrace(Duration value) {
    return new AnalyzerSettings(
        period,
        value,
        reanalyzeSlots,
        expectedRegions,
        policy,
        certificateWarning,
        certificates,
        outbox,
        commitAttempts,
        parallelism);
  }

  public AnalyzerSettings withExpectedRegions(List<String> value) {
    return new AnalyzerSettings(
        period,
        grace,
        reanalyzeSlots,
        value,
        policy,
        certificateWarning,
        certificates,
        outbox,
        commitAttempts,
        parallelism);
  }

  public AnalyzerSettings withPolicy(IncidentPolicy value) {
    return new AnalyzerSettings(
        period,
        grace,
        reanalyzeSlots,
        expectedRegions,
        value,
        certificateWarning,
        certificates,
        outbox,
        commitAttempts,
        parallelism);
  }

  public AnalyzerSettings withOutbox(OutboxSettings value) {
    return new AnalyzerSettings(
        period,
        grace,
        reanalyzeSlots,
        expectedRegions,
        policy,
        certificateWarning,
        certificates,
        value,
        commitAttempts,
        parallelism);
  }

  public AnalyzerSettings withParallelism(int value) {
    return new AnalyzerSettings(
        period,
        grace,
        reanalyzeSlots,
        expectedRegions,
        policy,
        certificateWarning,
        certificates,
        outbox,
        commitAttempts,
        value);
  }

  public AnalyzerSettings withReanalyzeSlots(int value) {
    return new AnalyzerSettings(
        period,
        grace,
        value,
        expectedRegions,
        policy,
        certificateWarning,
        certificates,
        outbox,
        commitAttempts,
        parallelism);
  }
}
