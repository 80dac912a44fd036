package dev.probefleet.probing;

import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.WriteReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled round of one region's shard (DESIGN §2, "probe function"): what the probe function
 * and {@code probefleet run} call each slot.
 *
 * <ol>
 *   <li>the registry's targets of this shard ({@link Shard}: a stable hash of the name) that have a
 *       path this region may probe ({@code probeFrom});
 *   <li>every such path probed concurrently, until the caller's deadline minus the time kept for
 *       writing;
 *   <li>the fast confirmation: the paths that failed, probed once more after a short back-off, if
 *       the deadline leaves time for it;
 *   <li>the rounds written to the home region's store (in parallel; a round already stored for the
 *       slot — a retried invocation — is kept, not replaced), healthy answers trimmed to what is
 *       worth storing ({@link StoredEvidence}), and their metrics emitted.
 * </ol>
 *
 * A path not probed for the prober's own reasons is written into its round as such, so the round
 * reads as incomplete, never as healthy.
 */
public final class ProbeService {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeService.class);

  /** Waits before the confirmation; replaceable in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final TargetRegistry targets;
  private final RoundStore rounds;
  private final RoundProber prober;
  private final MetricsSink metrics;
  private final ProbeSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;

  public ProbeService(
      TargetRegistry targets,
      RoundStore rounds,
      RoundProber prober,
      MetricsSink metrics,
      ProbeSettings settings,
      Clock clock) {
    this(targets, rounds, prober, metrics, settings, clock, d -> Thread.sleep(d.toMillis()));
  }

  public ProbeService(
      TargetRegistry targets,
      RoundStore rounds,
      RoundProber prober,
      MetricsSink metrics,
      ProbeSettings settings,
      Clock clock,
      Sleeper sleeper) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.rounds = Objects.requireNonNull(rounds, "rounds");
    this.prober = Objects.requireNonNull(prober, "prober");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Probes this region's shard for a slot and writes the rounds.
   *
   * @param region the region probing
   * @param shard the shard of the registry to probe
   * @param slot the slot the schedule fired for
   * @param deadline when the call must be over (an invocation's remaining time minus a margin)
   * @throws dev.probefleet.store.StoreException when the registry cannot be read at all
   */
  public ProbeReport probe(String region, Shard shard, RoundSlot slot, Instant deadline) {
    Instant start = clock.instant();
    Map<String, Target> mine = new LinkedHashMap<>();
    for (Target t : targets.all(deadline)) {
      if (shard.contains(t.name()) && t.paths().stream().anyMatch(p -> p.probedFrom(region))) {
        mine.put(t.name(), t);
      }
    }
    Instant probeDeadline = deadline.minus(settings.writeReserve());
    ProbedRound probed = prober.probe(List.copyOf(mine.values()), region, slot, probeDeadline);
    if (probed.load().overloaded() > 0 || probed.load().retried() > 0) {
      LOG.warn(
          "slot {}: {} (paths reported overloaded are unprobed, not failing)", slot, probed.load());
    }
    List<RoundRecord> records = probed.records();
    long failing =
        records.stream()
            .flatMap(r -> r.observations().stream())
            .filter(o -> o.representative().failing())
            .count();
    int confirmed = 0;
    Optional<String> skipped = Optional.empty();
    if (failing > 0 && settings.confirm()) {
      Instant confirmAt = clock.instant().plus(settings.confirmationDelay());
      if (confirmAt.plus(settings.confirmationMinimum()).isAfter(probeDeadline)) {
        skipped =
            Optional.of(
                "no time left to confirm "
                    + failing
                    + " failing path(s) before the deadline: they count once");
      } else {
        try {
          sleeper.sleep(settings.confirmationDelay());
          records = prober.confirm(records, mine, probeDeadline);
          confirmed = records.stream().mapToInt(r -> r.confirmations().size()).sum();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          skipped = Optional.of("interrupted before the confirmation");
        }
      }
    }
    WriteReport written =
        rounds.write(records.stream().map(StoredEvidence::trim).toList(), deadline);
    for (WriteReport.Failure f : written.failed()) {
      LOG.warn("round {} not written: {}", f.key(), f.reason());
    }
    if (!written.kept().isEmpty()) {
      LOG.info(
          "{} round(s) of slot {} were already stored by an earlier attempt and kept",
          written.kept().size(),
          slot);
    }
    for (RoundRecord r : records) {
      try {
        metrics.round(r);
      } catch (RuntimeException e) {
        LOG.warn("metrics of {} not written: {}", r.target(), e.toString());
      }
    }
    ProbeReport report =
        new ProbeReport(
            region,
            shard,
            slot,
            records,
            confirmed,
            skipped,
            written,
            probed.problems(),
            Duration.between(start, clock.instant()),
            probed.load());
    try {
      metrics.probeRun(
          report.region(),
          report.paths(),
          report.failing(),
          report.unprobed(),
          written.failed().size(),
          report.elapsed());
      metrics.flush();
    } catch (RuntimeException e) {
      LOG.warn("metrics of the round not written: {}", e.toString());
    }
    return report;
  }
}
