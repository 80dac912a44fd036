package dev.probefleet.diagnose;

import dev.probefleet.config.HeaderResolution;
import dev.probefleet.config.ResolvedHeaders;
import dev.probefleet.config.SecretResolver;
import dev.probefleet.config.SecretUnavailableException;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probe.ProbeTask;
import dev.probefleet.probe.RoundOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Probes every path of some targets that one region may probe ({@code probeFrom}), concurrently,
 * within a deadline, and returns one {@link RoundRecord} per target.
 *
 * <p>Request headers are merged (path over target) and their secret references resolved here, per
 * round, just before probing; the values go to the probe client and nowhere else.
 */
public final class RoundProber {
  private final ProbeClient client;
  private final SecretResolver secrets;
  private final Clock clock;

  public RoundProber(ProbeClient client, SecretResolver secrets, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Probes one round.
   *
   * @param region the region probing (paths whose {@code probeFrom} excludes it are skipped)
   * @param slot the schedule slot the round belongs to
   * @param deadline when every probe must be over
   */
  public ProbedRound probe(List<Target> targets, String region, RoundSlot slot, Instant deadline) {
    Instant startedAt = clock.instant();
    List<ProbeTask> tasks = new ArrayList<>();
    List<RoundProblem> problems = new ArrayList<>();
    for (Target target : targets) {
      for (PathSpec path : target.paths()) {
        if (!path.probedFrom(region)) {
          continue;
        }
        try {
          ResolvedHeaders headers = HeaderResolution.resolve(target, path, secrets);
          List<ProbeTask.Header> resolved =
              headers.headers().stream()
                  .map(h -> new ProbeTask.Header(h.name(), h.value()))
                  .toList();
          tasks.add(ProbeTask.of(target, path, resolved));
        } catch (SecretUnavailableException e) {
          problems.add(new RoundProblem(target.name(), path.label(), e.getMessage()));
        }
      }
    }
    RoundOutcome outcome = client.round(tasks, deadline);
    Map<String, List<PathObservation>> byTarget = new LinkedHashMap<>();
    targets.forEach(t -> byTarget.put(t.name(), new ArrayList<>()));
    for (RoundOutcome.Entry entry : outcome.entries()) {
      switch (entry) {
        case RoundOutcome.Observed observed ->
            byTarget.get(observed.task().target()).add(observed.observation());
        case RoundOutcome.NotStarted notStarted ->
            problems.add(
                new RoundProblem(
                    notStarted.task().target(),
                    notStarted.task().path().label(),
                    "not probed: " + notStarted.reason()));
        case RoundOutcome.InternalFailure failure ->
            problems.add(
                new RoundProblem(
                    failure.task().target(),
                    failure.task().path().label(),
                    "internal error while probing: " + failure.error()));
      }
    }
    List<RoundRecord> records = new ArrayList<>();
    for (Target target : targets) {
      records.add(
          new RoundRecord(target.name(), slot, region, startedAt, byTarget.get(target.name())));
    }
    return new ProbedRound(records, problems);
  }
}
