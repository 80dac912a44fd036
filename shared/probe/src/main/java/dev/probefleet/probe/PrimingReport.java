package dev.probefleet.probe;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ProbeClient#prime()} did.
 *
 * @param took how long priming took
 * @param requests how many requests it sent to its loopback server
 * @param unexpected how many of them did not end as planned (a failure class other than the one
 *     their answer should give); above zero, part of the path stayed cold
 * @param problem why priming stopped early, e.g. no server could listen on 127.0.0.1
 */
public record PrimingReport(Duration took, int requests, int unexpected, Optional<String> problem) {

  public PrimingReport {
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(problem, "problem");
  }

  /** Whether every priming request went as planned. */
  public boolean complete() {
    return problem.isEmpty() && unexpected == 0 && requests > 0;
  }
}
