package dev.probefleet.probing;

import dev.probefleet.config.HeaderResolution;
import dev.probefleet.config.ResolvedHeaders;
import dev.probefleet.config.SecretResolver;
import dev.probefleet.config.SecretUnavailableException;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.model.UnprobedPath;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probe.ProbeTask;
import dev.probefleet.probe.ProberLoad;
import dev.probefleet.probe.RoundOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Probes every path of some targets that one region may probe ({@code probeFrom}), concurrently,
 * within a deadline, and returns one {@link RoundRecord} per target.
 *
 * <p>Request headers are merged (path over target) and their secret references resolved here, per
 * round, just before probing; the values go to the probe client and nowhere else. Each path's
 * representative response is fingerprinted here, where the response is, so a stored round needs to
 * keep the bodies of failing answers only. A path that could not be probed for the prober's own
 * reasons (its secret unavailable, the deadline first, a bug) is recorded in the round as {@link
 * UnprobedPath}: the round then reads as incomplete, never as healthy.
 *
 * <p>Evidence leaves here scrubbed: an endpoint may reflect the request's headers in its answer, so
 * every sample is passed through the target's {@link SecretRedaction} (its resolved secret values
 * and their common encodings) before it is fingerprinted, and so before anything stores, alerts or
 * prints it. A target with {@code storeBodies: false} keeps its responses' status line, headers and
 * fingerprint, and no body.
 */
public final class RoundProber {
  private final ProbeClient client;
  private final SecretResolver secrets;
  private final Fingerprinter fingerprinter;
  private final Clock clock;
  private final boolean redacting;

  public RoundProber(
      ProbeClient client, SecretResolver secrets, Fingerprinter fingerprinter, Clock clock) {
    this(client, secrets, fingerprinter, clock, true);
  }

  /**
   * The seam a test uses to show what scrubbing prevents: with {@code redacting} false, reflected
   * secrets stay in the evidence. Nothing outside the tests of this package may build one.
   */
  RoundProber(
      ProbeClient client,
      SecretResolver secrets,
      Fingerprinter fingerprinter,
      Clock clock,
      boolean redacting) {
    this.redacting = redacting;
    this.client = Objects.requireNonNull(client, "client");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Probes one round.
   *
   * @param region the region probing (paths whose {@code probeFrom} excludes it are skipped)
   * @param slot the schedule slot the round belongs to
   * @param deadline when every probe must be over
   * @return a record per target, in the order given (one with no observation when the region may
   *     probe none of its paths)
   */
  public ProbedRound probe(List<Target> targets, String region, RoundSlot slot, Instant deadline) {
    Instant startedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Map<String, List<PathSpec>> paths = new LinkedHashMap<>();
    for (Target target : targets) {
      paths.put(target.name(), target.paths().stream().filter(p -> p.probedFrom(region)).toList());
    }
    warmUpForALargeRound(paths, deadline);
    Run run = run(targets, paths, deadline, spreadAtMost(slot));
    List<RoundRecord> records = new ArrayList<>();
    for (Target target : targets) {
      records.add(
          new RoundRecord(
              target.name(),
              slot,
              region,
              startedAt,
              run.observed.get(target.name()),
              List.of(),
              run.unprobed.get(target.name())));
    }
    return new ProbedRound(records, run.problems, run.load);
  }

  /**
   * A round's probes start spread over at most a quarter of its slot (15 s of a minute), as
   * Prometheus spreads scrapes; the probe client spreads them over less when they need less CPU (a
   * few milliseconds for one target), and never so late that a probe's timeout outlasts the
   * deadline. The rest of the slot is for the timeouts, the confirmation and the writes.
   */
  static java.time.Duration spreadAtMost(RoundSlot slot) {
    return slot.period().dividedBy(SPREAD_SHARE_OF_SLOT);
  }

  /**
   * Before the first round with at least {@value #PRIME_FROM_TLS_PATHS} HTTPS paths, a client not
   * yet primed is primed ({@link ProbeClient#prime(java.time.Duration)}, within a tenth of the time
   * left, at most 8 s). A fresh JVM runs its first second or so of handshakes interpreted while it
   * compiles them: in a first round of 3,000 HTTPS probes on 2 cores the 500 probes of that second
   * measured 60–260 ms of TLS where the rest measured 2 ms — the prober's warm-up reported as the
   * targets' TLS time. Priming (1–2 s) does that work on the client's own loopback server instead.
   * A small round (one target's diagnose) is not worth the wait; the Lambda function primes at
   * init.
   */
  private void warmUpForALargeRound(Map<String, List<PathSpec>> paths, Instant deadline) {
    if (client.primed()) {
      return;
    }
    long tls = paths.values().stream().flatMap(List::stream).filter(PathSpec::tls).count();
    if (tls < PRIME_FROM_TLS_PATHS) {
      return;
    }
    java.time.Duration budget = java.time.Duration.between(clock.instant(), deadline).dividedBy(10);
    if (budget.compareTo(MAX_PRIMING) > 0) {
      budget = MAX_PRIMING;
    }
    if (!budget.isNegative()) {
      client.prime(budget);
    }
  }

  static final int PRIME_FROM_TLS_PATHS = 100;
  private static final java.time.Duration MAX_PRIMING = java.time.Duration.ofSeconds(8);

  /** The slot is divided by this to bound a round's spread. */
  static final int SPREAD_SHARE_OF_SLOT = 4;

  /**
   * The fast confirmation: probes once more every path that failed in these rounds and returns the
   * rounds with their {@link RoundRecord#confirmations()}. A path whose confirmation could not run
   * (the deadline came first) is left unconfirmed; nothing else changes.
   *
   * @param targets the targets of the rounds, by name
   * @param deadline when every confirmation probe must be over
   */
  public List<RoundRecord> confirm(
      List<RoundRecord> rounds, Map<String, Target> targets, Instant deadline) {
    List<Target> again = new ArrayList<>();
    Map<String, List<PathSpec>> paths = new LinkedHashMap<>();
    for (RoundRecord round : rounds) {
      Target target = targets.get(round.target());
      if (target == null) {
        continue;
      }
      List<String> failing =
          round.observations().stream()
              .filter(o -> o.representative().failing())
              .map(PathObservation::label)
              .toList();
      if (failing.isEmpty()) {
        continue;
      }
      again.add(target);
      paths.put(
          target.name(), target.paths().stream().filter(p -> failing.contains(p.label())).toList());
    }
    if (again.isEmpty()) {
      return rounds;
    }
    Run run = run(again, paths, deadline, java.time.Duration.ZERO);
    List<RoundRecord> out = new ArrayList<>();
    for (RoundRecord round : rounds) {
      List<PathObservation> confirmations = run.observed.get(round.target());
      out.add(
          confirmations == null || confirmations.isEmpty()
              ? round
              : round.withConfirmations(confirmations));
    }
    return out;
  }

  private record Run(
      Map<String, List<PathObservation>> observed,
      Map<String, List<UnprobedPath>> unprobed,
      List<RoundProblem> problems,
      ProberLoad load) {}

  private Run run(
      List<Target> targets,
      Map<String, List<PathSpec>> paths,
      Instant deadline,
      java.time.Duration spreadAtMost) {
    Map<String, List<PathObservation>> observed = new LinkedHashMap<>();
    Map<String, List<UnprobedPath>> unprobed = new LinkedHashMap<>();
    List<RoundProblem> problems = new ArrayList<>();
    BiConsumer<String, UnprobedPath> notProbed =
        (target, path) -> {
          unprobed.get(target).add(path);
          problems.add(new RoundProblem(target, path.label(), path.reason()));
        };
    List<ProbeTask> tasks = new ArrayList<>();
    Map<String, List<ResolvedHeaders>> sent = new LinkedHashMap<>();
    Map<String, Boolean> storeBodies = new LinkedHashMap<>();
    for (Target target : targets) {
      observed.put(target.name(), new ArrayList<>());
      unprobed.put(target.name(), new ArrayList<>());
      sent.put(target.name(), new ArrayList<>());
      storeBodies.put(target.name(), target.storeBodies());
      for (PathSpec path : paths.getOrDefault(target.name(), List.of())) {
        try {
          ResolvedHeaders headers = HeaderResolution.resolve(target, path, secrets);
          sent.get(target.name()).add(headers);
          List<ProbeTask.Header> resolved =
              headers.headers().stream()
                  .map(h -> new ProbeTask.Header(h.name(), h.value()))
                  .toList();
          tasks.add(ProbeTask.of(target, path, resolved));
        } catch (SecretUnavailableException e) {
          notProbed.accept(target.name(), new UnprobedPath(path.label(), e.getMessage()));
        }
      }
    }
    // Keyed on every secret the target's paths sent: one path's error page may quote a request
    // that another path's header made (a CDN relaying the origin's debug page).
    Map<String, SecretRedaction> redactions = new LinkedHashMap<>();
    sent.forEach(
        (target, headers) ->
            redactions.put(target, redacting ? SecretRedaction.of(headers) : SecretRedaction.NONE));
    RoundOutcome outcome = client.round(tasks, deadline, spreadAtMost);
    for (RoundOutcome.Entry entry : outcome.entries()) {
      switch (entry) {
        case RoundOutcome.Observed o -> {
          String target = o.task().target();
          PathObservation evidence = fingerprinted(redactions.get(target).scrub(o.observation()));
          observed
              .get(target)
              .add(storeBodies.get(target) ? evidence : StoredEvidence.withoutBodies(evidence));
        }
        case RoundOutcome.NotStarted notStarted ->
            notProbed.accept(
                notStarted.task().target(),
                new UnprobedPath(
                    notStarted.task().path().label(), "not probed: " + notStarted.reason()));
        case RoundOutcome.ProberOverloaded overloaded ->
            notProbed.accept(
                overloaded.task().target(),
                new UnprobedPath(
                    overloaded.task().path().label(), "prober overloaded: " + overloaded.reason()));
        case RoundOutcome.InternalFailure failure ->
            notProbed.accept(
                failure.task().target(),
                new UnprobedPath(
                    failure.task().path().label(),
                    "internal error while probing: " + failure.error()));
      }
    }
    return new Run(observed, unprobed, problems, outcome.load());
  }

  /** The observation with the fingerprint of its representative response, when it has one. */
  private PathObservation fingerprinted(PathObservation observation) {
    Optional<dev.probefleet.model.CapturedResponse> response =
        observation.representative().response();
    return response.isPresent()
        ? observation.withFingerprint(fingerprinter.fingerprint(response.get()))
        : observation;
  }
}
