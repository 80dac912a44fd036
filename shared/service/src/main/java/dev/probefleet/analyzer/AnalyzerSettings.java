package dev.probefleet.analyzer;

import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.incident.IncidentPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the analyzer decides and how much it tries.
 *
 * @param policy when incidents open and resolve
 * @param learner how path baselines are learned
 * @param certificateWarning how close to expiry a certificate is reported
 * @param publishBudget the most time one alert's publication may take (retries included): an SNS
 *     outage must not eat the whole invocation, the outbox keeps what could not go out
 * @param maxConsecutivePublishFailures after this many publications in a row failed, the run stops
 *     publishing and leaves the rest pending for the next run
 * @param commitAttempts how often a target's commit is re-decided after a conflict with a
 *     concurrent invocation before the target is reported as failed
 * @param parallelism targets analysed at once
 * @param maxPendingPerFlush the most pending alerts one flush of the outbox publishes
 */
public record AnalyzerSettings(
    IncidentPolicy policy,
    BaselineLearner learner,
    Duration certificateWarning,
    Duration publishBudget,
    int maxConsecutivePublishFailures,
    int commitAttempts,
    int parallelism,
    int maxPendingPerFlush) {

  /** 2 of 3 to open, 3 healthy to resolve; 10 s per publication; 4 targets at once. */
  public static final AnalyzerSettings DEFAULT =
      new AnalyzerSettings(
          IncidentPolicy.DEFAULT,
          BaselineLearner.DEFAULT,
          AttributionInput.DEFAULT_CERTIFICATE_WARNING,
          Duration.ofSeconds(10),
          3,
          5,
          4,
          500);

  public AnalyzerSettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(certificateWarning, "certificateWarning");
    Objects.requireNonNull(publishBudget, "publishBudget");
    if (publishBudget.isNegative() || publishBudget.isZero()) {
      throw new IllegalArgumentException("publishBudget must be positive: " + publishBudget);
    }
    if (maxConsecutivePublishFailures < 1) {
      throw new IllegalArgumentException("maxConsecutivePublishFailures must be at least 1");
    }
    if (commitAttempts < 1) {
      throw new IllegalArgumentException("commitAttempts must be at least 1");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    if (maxPendingPerFlush < 1) {
      throw new IllegalArgumentException("maxPendingPerFlush must be at least 1");
    }
  }

  public AnalyzerSettings withPolicy(IncidentPolicy value) {
    return new AnalyzerSettings(
        value,
        learner,
        certificateWarning,
        publishBudget,
        maxConsecutivePublishFailures,
        commitAttempts,
        parallelism,
        maxPendingPerFlush);
  }

  public AnalyzerSettings withPublishBudget(Duration value) {
    return new AnalyzerSettings(
        policy,
        learner,
        certificateWarning,
        value,
        maxConsecutivePublishFailures,
        commitAttempts,
        parallelism,
        maxPendingPerFlush);
  }

  public AnalyzerSettings withParallelism(int value) {
    return new AnalyzerSettings(
        policy,
        learner,
        certificateWarning,
        publishBudget,
        maxConsecutivePublishFailures,
        commitAttempts,
        value,
        maxPendingPerFlush);
  }
}
