package dev.probefleet.functions.probe;

import dev.probefleet.lambda.Primer;
import dev.probefleet.probe.PrimingReport;
import dev.probefleet.probe.ProbeClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primes the probe function's own probe client ({@link ProbeClient#prime()}: loopback servers of
 * its own, plain, TLS and DNS paths): at init, so the first round after a cold start times like a
 * warm one, and before a SnapStart snapshot. Without it the first round's time-to-first-byte tail
 * is tens of milliseconds off (README, "Benchmarks").
 */
@Singleton
final class ProbeClientPrimer implements Primer {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeClientPrimer.class);

  private final ProbeClient client;

  ProbeClientPrimer(ProbeClient client) {
    this.client = client;
  }

  @Override
  public String name() {
    return "probe client";
  }

  @Override
  public void prime() {
    report(client.prime());
  }

  @Override
  public void prime(Duration budget) {
    report(client.prime(budget));
  }

  private static void report(PrimingReport report) {
    if (!report.complete()) {
      LOG.warn(
          "probe client partly primed ({} requests, {} unexpected){}",
          report.requests(),
          report.unexpected(),
          report.problem().map(p -> ": " + p).orElse(""));
    }
  }

  @Override
  public boolean atInit() {
    return true;
  }
}
