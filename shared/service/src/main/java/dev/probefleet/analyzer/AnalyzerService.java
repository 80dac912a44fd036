package dev.probefleet.analyzer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.alert.Alert;
import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.incident.CertificateFacts;
import dev.probefleet.incident.CertificateIncidents;
import dev.probefleet.incident.CertificateOutcome;
import dev.probefleet.incident.CertificateState;
import dev.probefleet.incident.CertificateStep;
import dev.probefleet.incident.IncidentState;
import dev.probefleet.incident.IncidentStep;
import dev.probefleet.incident.Incidents;
import dev.probefleet.incident.RoundOutcome;
import dev.probefleet.incident.RoundSummary;
import dev.probefleet.incident.ServedCertificate;
import dev.probefleet.incident.Transition;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.report.EvidenceJson;
import dev.probefleet.store.CommitResult;
import dev.probefleet.store.IncidentCommit;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.LearnedBaseline;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetState;
import dev.probefleet.store.TargetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses round slots for every registered target of a shard (DESIGN §2, "analyzer function").
 *
 * <p>A run is given the due slot ({@link #dueSlot}: the newest one whose grace period is over) and
 * a deadline. It first publishes what earlier runs left in the outbox. Then, per target and in
 * parallel, with one read of the target's state and one conditional write:
 *
 * <ol>
 *   <li>the slots to (re)analyse: the due slot, and each of the {@link
 *       AnalyzerSettings#reanalyzeSlots()} slots before it whose verdict lacked an expected region
 *       (a region's round arriving late is taken into account) — a target whose slots are all
 *       complete costs one read and nothing else;
 *   <li>per slot, oldest first: every region's complete round, fingerprinted, attributed to a layer
 *       (with the baselines learned so far), confirmed or not by the rounds' fast confirmation, fed
 *       to the incident state machine. An expected region without a complete round is "no data": it
 *       never makes a slot healthy, so a slot that looks healthy only because a region is silent
 *       does not count towards resolving an open incident;
 *   <li>one commit of the next state, the status ({@code /v1/status}) and the transitions with
 *       their alerts (outbox); the alerts are published at once; baselines that changed are saved.
 * </ol>
 *
 * A run ends by publishing anything still pending. Everything is safe to repeat: a retried or
 * duplicated invocation finds the slots in the state (each {@link RoundOutcome#DUPLICATE}) and
 * writes nothing; two invocations racing on one target are serialised by the state's version, and
 * the loser decides again on the winner's state. A fault in one target never stops the others.
 */
public final class AnalyzerService {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzerService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TargetRegistry targets;
  private final RoundStore rounds;
  private final IncidentStore store;
  private final AlertPublisher publisher;
  private final MetricsSink metrics;
  private final BaselineLearning baselines;
  private final AnalyzerSettings settings;
  private final Incidents machine;
  private final CertificateIncidents certificateMachine;
  private final Clock clock;
  private final Sleeper sleeper;

  /** Waits for a slot's grace period; replaceable in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public AnalyzerService(
      TargetRegistry targets,
      RoundStore rounds,
      IncidentStore store,
      AlertPublisher publisher,
      MetricsSink metrics,
      BaselineLearning baselines,
      AnalyzerSettings settings,
      Clock clock) {
    this(
        targets,
        rounds,
        store,
        publisher,
        metrics,
        baselines,
        settings,
        clock,
        d -> Thread.sleep(d.toMillis()));
  }

  public AnalyzerService(
      TargetRegistry targets,
      RoundStore rounds,
      IncidentStore store,
      AlertPublisher publisher,
      MetricsSink metrics,
      BaselineLearning baselines,
      AnalyzerSettings settings,
      Clock clock,
      Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.rounds = Objects.requireNonNull(rounds, "rounds");
    this.store = Objects.requireNonNull(store, "store");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.baselines = Objects.requireNonNull(baselines, "baselines");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.machine = new Incidents(settings.policy());
    this.certificateMachine = new CertificateIncidents(settings.certificates());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public AnalyzerSettings settings() {
    return settings;
  }

  /**
   * The newest slot whose grace period is over at {@code now}: it ended at least {@link
   * AnalyzerSettings#grace()} ago, so every region's round (and its confirmation) should be in.
   */
  public RoundSlot dueSlot(Instant now) {
    return RoundSlot.containing(now.minus(settings.grace()), settings.period()).previous();
  }

  /**
   * The slot a schedule firing at {@code firedAt} is for: the one that ended at (or just before)
   * that time. A schedule fires at the start of each period, as the probe schedules do; the slot
   * whose probes ran during the period just over is the one to analyse once its grace is over.
   */
  public RoundSlot slotFiredFor(Instant firedAt) {
    return RoundSlot.containing(firedAt, settings.period()).previous();
  }

  /** When a slot's grace period is over: its end plus {@link AnalyzerSettings#grace()}. */
  public Instant dueAt(RoundSlot slot) {
    return slot.next().start().plus(settings.grace());
  }

  /**
   * What the scheduled analyzer does: waits for the grace period of the slot the schedule fired for
   * ({@link #slotFiredFor}), then analyses it (and re-analyses the slots before it that lacked a
   * region).
   *
   * <p>The wait never takes more than half the time to the deadline, so a function whose timeout is
   * too short for the grace period still analyses (with what is in) rather than not at all. A
   * schedule delivered late, or a retried invocation, finds its slot's grace over and analyses it
   * at once; slots already analysed are not analysed twice (the state knows them).
   *
   * @param firedAt the time the schedule fired for (its {@code scheduledTime}), or now
   * @param deadline when the invocation must be done
   */
  public AnalysisReport analyzeScheduled(Instant firedAt, Shard shard, Instant deadline) {
    Objects.requireNonNull(firedAt, "firedAt");
    Objects.requireNonNull(deadline, "deadline");
    RoundSlot slot = slotFiredFor(firedAt);
    Instant now = clock.instant();
    Duration wait = Duration.between(now, dueAt(slot));
    Duration most = Duration.between(now, deadline).dividedBy(2);
    if (wait.compareTo(most) > 0) {
      LOG.warn(
          "slot {} is due in {} s but the invocation ends in {} s: analysing after {} s, with"
              + " the rounds that are in by then (give the analyzer a timeout above the grace"
              + " period)",
          slot,
          wait.toSeconds(),
          Duration.between(now, deadline).toSeconds(),
          most.toSeconds());
      wait = most;
    }
    if (wait.isPositive()) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for the grace period of slot " + slot, e);
      }
    }
    return analyze(slot, shard, deadline);
  }

  /** Analyses a slot for every registered target. */
  public AnalysisReport analyze(RoundSlot slot, Instant deadline) {
    return analyze(slot, Shard.ALL, deadline);
  }

  /**
   * Analyses a slot (and re-analyses the slots before it that lacked a region) for the registered
   * targets of a shard.
   *
   * @param deadline when the invocation must be done: no target is started after it, and reads,
   *     writes and publications give up at it (what could not be done is reported)
   */
  public AnalysisReport analyze(RoundSlot slot, Shard shard, Instant deadline) {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(deadline, "deadline");
    Instant start = clock.instant();
    Outbox outbox = new Outbox(store, publisher, clock, settings.outbox(), deadline);
    // The backlog gets at most a fifth of the run before the analysis starts; the rest goes last.
    outbox.flushDue(start.plus(Duration.between(start, deadline).dividedBy(5)));
    List<String> errors = new ArrayList<>();
    List<Target> mine = new ArrayList<>();
    try {
      targets.all(deadline).stream().filter(t -> shard.contains(t.name())).forEach(mine::add);
    } catch (RuntimeException e) {
      LOG.warn("targets registry unreadable: {}", e.toString());
      errors.add("targets registry could not be read: " + e.getMessage());
    }
    List<TargetAnalysis> analyses = analyzeAll(mine, slot, deadline, outbox);
    outbox.flushDue(deadline);
    errors.addAll(outbox.errors());
    AnalysisReport report =
        new AnalysisReport(
            slot, analyses, outbox.published(), outbox.pending(), outbox.deadLettered(), errors);
    emitMetrics(report, outbox, slot, start);
    return report;
  }

  private void emitMetrics(AnalysisReport report, Outbox outbox, RoundSlot slot, Instant start) {
    try {
      Instant end = clock.instant();
      int silent = report.targets().stream().mapToInt(t -> t.missingRegions().size()).sum();
      metrics.analyzerRun(
          Duration.between(slot.next().start(), end),
          Duration.between(start, end),
          (int)
              report.targets().stream()
                  .filter(t -> t.status() == TargetAnalysis.Status.ANALYSED)
                  .count(),
          (int)
              report.targets().stream()
                  .filter(t -> t.status() == TargetAnalysis.Status.FAILED)
                  .count(),
          (int)
              report.targets().stream()
                  .filter(t -> t.status() == TargetAnalysis.Status.SKIPPED)
                  .count(),
          silent);
      Outbox.Snapshot snapshot = outbox.snapshot(1000);
      metrics.outbox(
          snapshot.pending(),
          snapshot.lowerBound(),
          snapshot.oldest(),
          report.alertsPublished().size(),
          outbox.failures(),
          report.alertsDeadLettered().size());
      metrics.flush();
    } catch (RuntimeException e) {
      LOG.warn("analyzer metrics not written: {}", e.toString());
    }
  }

  private List<TargetAnalysis> analyzeAll(
      List<Target> registered, RoundSlot slot, Instant deadline, Outbox outbox) {
    if (registered.isEmpty()) {
      return List.of();
    }
    int threads = Math.min(settings.parallelism(), registered.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().daemon().name("analyzer-", 0).factory());
    try {
      List<Future<TargetAnalysis>> futures = new ArrayList<>();
      for (Target target : registered) {
        futures.add(pool.submit(() -> analyzeGuarded(target, slot, deadline, outbox)));
      }
      List<TargetAnalysis> analyses = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        analyses.add(await(futures.get(i), registered.get(i).name()));
      }
      return analyses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static TargetAnalysis await(Future<TargetAnalysis> future, String target) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TargetAnalysis.failed(target, List.of(), "interrupted");
    } catch (ExecutionException e) {
      return TargetAnalysis.failed(target, List.of(), String.valueOf(e.getCause()));
    }
  }

  private TargetAnalysis analyzeGuarded(
      Target target, RoundSlot slot, Instant deadline, Outbox outbox) {
    if (!clock.instant().isBefore(deadline)) {
      return TargetAnalysis.skipped(target.name());
    }
    try {
      for (int attempt = 1; ; attempt++) {
        Optional<TargetAnalysis> done = analyze(target, slot, deadline, outbox);
        if (done.isPresent()) {
          return done.get();
        }
        if (attempt == settings.commitAttempts()) {
          throw new AnalysisException(
              target.name(),
              slot,
              "the target's state kept changing under this run ("
                  + attempt
                  + " attempts); another analyzer is writing the same target");
        }
        LOG.info(
            "target {} slot {}: state changed concurrently, deciding again", target.name(), slot);
      }
    } catch (RuntimeException e) {
      LOG.warn("target {} slot {} failed: {}", target.name(), slot, e.toString());
      return TargetAnalysis.failed(target.name(), List.of(), describe(e));
    }
  }

  /**
   * The regions expected to report a target: those of the fleet that may probe one of its paths.
   */
  List<String> expectedRegions(Target target) {
    return settings.expectedRegions().stream()
        .filter(r -> target.paths().stream().anyMatch(p -> p.probedFrom(r)))
        .toList();
  }

  /** The slots to analyse this run for a target: due, or re-analysed because a region lacked. */
  private List<RoundSlot> slotsToAnalyse(
      IncidentState state, RoundSlot due, List<String> expected) {
    RoundSlot first = due;
    for (int i = 0; i < settings.reanalyzeSlots(); i++) {
      first = first.previous();
    }
    // Catch up after missed runs, but never before what the window can still take.
    Optional<RoundSlot> newest =
        state.newest().filter(n -> n.period().equals(due.period()) && n.compareTo(due) < 0);
    if (newest.isPresent() && newest.get().next().compareTo(first) < 0) {
      RoundSlot earliest = due;
      for (int i = 1; i < settings.policy().windowSlots(); i++) {
        earliest = earliest.previous();
      }
      first = newest.get().next().compareTo(earliest) < 0 ? earliest : newest.get().next();
    }
    // A slot before everything the window knows of is not a late one: the target was not probed
    // (or not registered) yet. Only the due slot and gaps after the oldest known slot are read.
    Optional<RoundSlot> oldest =
        state.window().isEmpty() || !state.window().get(0).slot().period().equals(due.period())
            ? Optional.empty()
            : Optional.of(state.window().get(0).slot());
    if (oldest.isPresent() && oldest.get().compareTo(first) > 0) {
      first = oldest.get().compareTo(due) > 0 ? due : oldest.get();
    }
    List<RoundSlot> slots = new ArrayList<>();
    for (RoundSlot s = first; s.compareTo(due) <= 0; s = s.next()) {
      Optional<RoundSummary> seen = state.at(s);
      boolean complete =
          seen.isPresent() && (expected.isEmpty() || seen.get().reported().containsAll(expected));
      if (!complete) {
        slots.add(s);
      }
    }
    return slots;
  }

  /**
   * Analyses one target; empty when the commit met a concurrent write (the caller decides again on
   * the new state).
   */
  private Optional<TargetAnalysis> analyze(
      Target target, RoundSlot due, Instant deadline, Outbox outbox) {
    String name = target.name();
    List<String> expected = expectedRegions(target);
    TargetState loaded = store.load(name, deadline);
    List<RoundSlot> todo = slotsToAnalyse(loaded.incidents(), due, expected);
    if (todo.isEmpty()) {
      return Optional.of(TargetAnalysis.upToDate(name));
    }
    SortedMap<RoundSlot, List<RoundRecord>> bySlot =
        todo.size() == 1
            ? new TreeMap<>(Map.of(todo.get(0), rounds.slot(name, todo.get(0), deadline)))
            : rounds.slots(name, todo.get(0), todo.get(todo.size() - 1), deadline);

    IncidentState state = loaded.incidents();
    CertificateState certificates = loaded.certificates();
    Map<String, PathBaseline> learned = new TreeMap<>();
    loaded.baselines().forEach((path, b) -> learned.put(path, b.baseline()));
    Map<String, LearnedBaseline> changedBaselines = new TreeMap<>();
    List<IncidentCommit.Entry> entries = new ArrayList<>();
    Optional<TargetStatus> status = loaded.status();
    Map<String, TargetStatus.RegionStatus> lastRounds =
        new TreeMap<>(status.map(TargetStatus::regions).orElse(Map.of()));
    Verdict newestVerdict = null;
    RoundSlot newestSlot = null;
    List<String> newestMissing = List.of();
    List<String> reportedDue = List.of();
    RoundOutcome outcome = null;
    boolean changed = false;

    for (RoundSlot slot : todo) {
      List<RoundRecord> records = bySlot.getOrDefault(slot, List.of());
      for (RoundRecord r : records) {
        lastRounds.merge(
            r.region(), regionStatus(r), (a, b) -> a.slot().compareTo(b.slot()) >= 0 ? a : b);
      }
      List<RoundRecord> complete = records.stream().filter(RoundRecord::complete).toList();
      List<String> reported = complete.stream().map(RoundRecord::region).sorted().toList();
      List<String> missing = expected.stream().filter(r -> !reported.contains(r)).toList();
      if (slot.equals(due)) {
        reportedDue = reported;
      }
      if (complete.isEmpty()) {
        if (slot.equals(due)) {
          newestMissing = expected;
        }
        continue; // no data: the window keeps a gap, which never resolves anything
      }
      List<RegionRound> regionRounds = complete.stream().map(baselines::fingerprinted).toList();
      Verdict verdict = attribute(target, slot, regionRounds, learned);
      boolean confirmed = confirmed(target, slot, complete, verdict, learned);
      if (verdict.healthy() && !missing.isEmpty() && state.open().isPresent()) {
        // Healthy only where regions reported: a silent region might still see the outage.
        if (slot.equals(due)) {
          newestVerdict = verdict;
          newestSlot = slot;
          newestMissing = missing;
        }
        continue;
      }
      IncidentStep step = machine.apply(state, RoundSummary.of(slot, verdict, confirmed, reported));
      outcome = step.outcome();
      if (step.outcome() != RoundOutcome.DUPLICATE && step.outcome() != RoundOutcome.LATE_IGNORED) {
        state = step.state();
        changed = true;
        for (Transition t : step.transitions()) {
          entries.add(entry(t, verdict));
        }
      }
      CertificateStep certificateStep =
          certificateMachine.apply(
              certificates,
              slot,
              records.stream().flatMap(r -> ServedCertificate.of(r).stream()).toList(),
              records.stream()
                  .flatMap(r -> ServedCertificate.observedPaths(r).stream())
                  .collect(Collectors.toSet()),
              tlsPaths(target),
              clock.instant());
      if (certificateStep.outcome() != CertificateOutcome.DUPLICATE
          && certificateStep.outcome() != CertificateOutcome.LATE_IGNORED) {
        certificates = certificateStep.state();
        changed = true;
        for (Transition t : certificateStep.transitions()) {
          entries.add(certificateEntry(t, certificateStep.factsOf(t)));
        }
      }
      if (newestSlot == null || slot.compareTo(newestSlot) >= 0) {
        newestVerdict = verdict;
        newestSlot = slot;
        newestMissing = missing;
      }
      report(name, reported, verdict);
      Map<String, PathBaseline> learnedNow =
          learnFrom(name, slot, regionRounds, learned, loaded.baselines());
      learnedNow.forEach(
          (path, b) -> {
            learned.put(path, b);
            changedBaselines.put(path, new LearnedBaseline(path, b, slot.start()));
          });
    }

    if (newestVerdict != null) {
      TargetStatus next =
          new TargetStatus(
              name,
              newestSlot,
              newestVerdict.layer(),
              newestVerdict.cause(),
              newestVerdict.severity(),
              newestVerdict.scope(),
              newestVerdict.regions(),
              newestVerdict.summary(),
              newestMissing,
              state.open(),
              lastRounds,
              clock.instant());
      if (status.isEmpty() || !sameStatus(status.get(), next)) {
        status = Optional.of(next);
        changed = true;
      }
    }
    List<Transition> recorded = List.of();
    if (changed) {
      CommitResult result =
          store.commit(
              new IncidentCommit(name, loaded.version(), state, certificates, entries, status),
              deadline);
      if (!result.committed()) {
        return Optional.empty();
      }
      List<IncidentCommit.Entry> fresh =
          entries.stream()
              .filter(e -> result.recordedAlertIds().contains(e.alert().alertId()))
              .toList();
      for (IncidentCommit.Entry e : fresh) {
        outbox.publishFresh(e.transition().incidentId(), e.transition().number(), e.alert());
      }
      recorded = fresh.stream().map(IncidentCommit.Entry::transition).toList();
    }
    Optional<String> problem = Optional.empty();
    if (!changedBaselines.isEmpty()) {
      try {
        store.saveBaselines(name, List.copyOf(changedBaselines.values()), deadline);
      } catch (RuntimeException e) {
        problem = Optional.of("baselines not saved: " + e.getMessage());
      }
    }
    if (newestVerdict == null && outcome == null) {
      return Optional.of(TargetAnalysis.noRounds(name, todo, expected));
    }
    return Optional.of(
        new TargetAnalysis(
            name,
            TargetAnalysis.Status.ANALYSED,
            reportedDue,
            Optional.ofNullable(newestVerdict),
            Optional.ofNullable(outcome),
            recorded,
            newestMissing,
            todo,
            problem));
  }

  private Verdict attribute(
      Target target,
      RoundSlot slot,
      List<RegionRound> regionRounds,
      Map<String, PathBaseline> learned) {
    return Attribution.attribute(
        new AttributionInput(
            target,
            slot,
            regionRounds,
            baselines.generators(learned),
            settings.certificateWarning(),
            clock.instant()));
  }

  /**
   * Whether the fast confirmation saw the same failure: the rounds attributed again with each
   * re-probed path's confirmation in place of its first answer fail at the same layer. Only rounds
   * whose failing paths were all probed again take part: a failing answer that was not probed a
   * second time (no time was left) must not stand in for its own confirmation.
   */
  private boolean confirmed(
      Target target,
      RoundSlot slot,
      List<RoundRecord> complete,
      Verdict verdict,
      Map<String, PathBaseline> learned) {
    if (verdict.healthy() || complete.stream().allMatch(r -> r.confirmations().isEmpty())) {
      return false;
    }
    List<RegionRound> again =
        complete.stream()
            .filter(AnalyzerService::everyFailingPathConfirmed)
            .map(RoundRecord::confirmed)
            .map(baselines::fingerprinted)
            .toList();
    if (again.isEmpty()) {
      return false;
    }
    Verdict confirmation = attribute(target, slot, again, learned);
    return !confirmation.healthy() && confirmation.layer() == verdict.layer();
  }

  /** Whether each failing path of a round was probed again (true for a round without failure). */
  private static boolean everyFailingPathConfirmed(RoundRecord round) {
    return round.observations().stream()
        .filter(o -> o.representative().failing())
        .allMatch(o -> round.confirmation(o.label()).isPresent());
  }

  /** Baselines learned from a slot not learned from yet; empty when nothing changed. */
  private Map<String, PathBaseline> learnFrom(
      String target,
      RoundSlot slot,
      List<RegionRound> regionRounds,
      Map<String, PathBaseline> current,
      Map<String, LearnedBaseline> stored) {
    Map<String, PathBaseline> eligible = new TreeMap<>(current);
    List<RegionRound> fresh = new ArrayList<>();
    for (RegionRound round : regionRounds) {
      fresh.add(round);
    }
    Map<String, PathBaseline> changed = baselines.learn(target, eligible, fresh);
    changed
        .keySet()
        .removeIf(
            path -> {
              LearnedBaseline s = stored.get(path);
              return s != null && !s.learnedThrough().isBefore(slot.start());
            });
    return changed;
  }

  private static boolean sameStatus(TargetStatus a, TargetStatus b) {
    return a.slot().equals(b.slot())
        && a.layer() == b.layer()
        && a.cause() == b.cause()
        && a.severity() == b.severity()
        && a.summary().equals(b.summary())
        && a.missingRegions().equals(b.missingRegions())
        && a.open().equals(b.open())
        && a.regions().equals(b.regions());
  }

  static TargetStatus.RegionStatus regionStatus(RoundRecord round) {
    List<TargetStatus.PathStatus> paths = new ArrayList<>();
    for (PathObservation o : round.observations()) {
      ProbeResult r = o.representative();
      paths.add(
          new TargetStatus.PathStatus(
              o.label(),
              r.failureClass(),
              Optional.ofNullable(r.status()),
              Optional.ofNullable(PhaseTimings.millis(r.timings().total()))
                  .map(ms -> Math.round(ms * 100) / 100.0)));
    }
    return new TargetStatus.RegionStatus(round.slot(), round.complete(), paths);
  }

  /** The labels of the target's TLS paths: only they can serve a certificate. */
  private static Set<String> tlsPaths(Target target) {
    return target.paths().stream()
        .filter(PathSpec::tls)
        .map(PathSpec::label)
        .collect(Collectors.toSet());
  }

  private static IncidentCommit.Entry certificateEntry(
      Transition transition, CertificateFacts facts) {
    Alert alert = Alert.ofCertificate(transition, facts);
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schemaVersion", 1);
    ObjectNode certificate = doc.putObject("certificate");
    certificate.put("path", facts.path());
    certificate.put("subject", facts.subject());
    certificate.put("issuer", facts.issuer());
    certificate.put("sha256", facts.sha256());
    certificate.put("not_after", facts.notAfter().toString());
    certificate.put("expired", facts.expired());
    facts.resolution().ifPresent(r -> certificate.put("resolution", r.name()));
    return new IncidentCommit.Entry(
        transition, alert.summary(), doc.toString(), AlertMessage.of(alert));
  }

  private static IncidentCommit.Entry entry(Transition transition, Verdict verdict) {
    Alert alert = Alert.of(transition, verdict);
    return new IncidentCommit.Entry(
        transition, alert.summary(), evidence(verdict), AlertMessage.of(alert));
  }

  /** The verdict and its per-path evidence, in the shapes of the diagnose report. */
  static String evidence(Verdict verdict) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schemaVersion", 1);
    doc.set("verdict", EvidenceJson.verdict(verdict));
    doc.set("paths", EvidenceJson.paths(verdict.evidence()));
    return doc.toString();
  }

  /**
   * One verdict metric per region that reported: the verdict's layer where the region is affected,
   * NONE where it is not, so a layer's outage count per region adds up across targets.
   */
  private void report(String target, List<String> regions, Verdict verdict) {
    for (String region : regions) {
      boolean affected =
          !verdict.healthy() && (verdict.regions().isEmpty() || verdict.regions().contains(region));
      try {
        if (affected) {
          metrics.verdict(target, region, verdict.layer(), verdict.cause(), verdict.severity());
        } else {
          metrics.verdict(target, region, Layer.NONE, Cause.NONE, Severity.INFO);
        }
      } catch (RuntimeException e) {
        LOG.warn("metrics for {} in {} not written: {}", target, region, e.toString());
      }
    }
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
