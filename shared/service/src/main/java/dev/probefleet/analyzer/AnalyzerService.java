package dev.probefleet.analyzer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.alert.Alert;
import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.attribution.Baselines;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.incident.IncidentStep;
import dev.probefleet.incident.Incidents;
import dev.probefleet.incident.RoundOutcome;
import dev.probefleet.incident.Transition;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.model.Target;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.report.EvidenceJson;
import dev.probefleet.store.CommitResult;
import dev.probefleet.store.IncidentCommit;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.LearnedBaseline;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.StoredIncidentState;
import dev.probefleet.store.TargetRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses one round slot for every registered target (DESIGN §2, "analyzer function").
 *
 * <p>A run first publishes what earlier runs left in the outbox. Then, per target: read every
 * region's round of the slot, fingerprint each path's representative response, attribute the
 * failure to a layer (with the baselines learned so far), apply the verdict to the incident state
 * machine and commit the next state with the transitions and their alerts in one write, publish
 * those alerts and take them out of the outbox, learn the baselines from the slot's healthy
 * answers, and report the verdict as a metric. A run ends by publishing anything still pending.
 *
 * <p>Everything is safe to repeat: a retried or duplicated invocation for the same slot finds the
 * slot in the state ({@link RoundOutcome#DUPLICATE}) and writes nothing; two invocations racing on
 * one target are serialised by the state's version, and the loser decides again on the winner's
 * state. A fault in one target never stops the others: it is reported, nothing of that target's
 * slot is half-written, and a retried invocation for the slot catches up (the state machine places
 * a late slot into its window; without a retry the window lacks that slot, which delays opening or
 * resolving but never invents either).
 *
 * <p>Baselines are saved after the commit, so a retry of a slot whose commit failed attributes it
 * with the same baselines as the first attempt.
 */
public final class AnalyzerService {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzerService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TargetRegistry targets;
  private final RoundStore rounds;
  private final IncidentStore incidents;
  private final AlertPublisher publisher;
  private final MetricsSink metrics;
  private final Fingerprinter fingerprinter;
  private final AnalyzerSettings settings;
  private final Incidents machine;
  private final Clock clock;

  public AnalyzerService(
      TargetRegistry targets,
      RoundStore rounds,
      IncidentStore incidents,
      AlertPublisher publisher,
      MetricsSink metrics,
      Fingerprinter fingerprinter,
      AnalyzerSettings settings,
      Clock clock) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.rounds = Objects.requireNonNull(rounds, "rounds");
    this.incidents = Objects.requireNonNull(incidents, "incidents");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.machine = new Incidents(settings.policy());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Analyses a slot for every registered target.
   *
   * @param deadline when the invocation must be done: no target is started after it, and writes and
   *     publications give up at it (what could not be written or sent is reported)
   */
  public AnalysisReport analyze(RoundSlot slot, Instant deadline) {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(deadline, "deadline");
    Outbox outbox = new Outbox(incidents, publisher, clock, settings, deadline);
    outbox.flush();
    List<String> errors = new ArrayList<>();
    List<Target> registered;
    try {
      registered = targets.all();
    } catch (RuntimeException e) {
      LOG.warn("targets registry unreadable: {}", e.toString());
      errors.add("targets registry could not be read: " + e.getMessage());
      registered = List.of();
    }
    List<TargetAnalysis> analyses = analyzeAll(registered, slot, deadline, outbox);
    outbox.flush();
    errors.addAll(outbox.errors());
    return new AnalysisReport(slot, analyses, outbox.published(), outbox.pending(), errors);
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
    List<String> regions = new ArrayList<>();
    try {
      return analyze(target, slot, deadline, outbox, regions);
    } catch (RuntimeException e) {
      LOG.warn("target {} slot {} failed: {}", target.name(), slot, e.toString());
      return TargetAnalysis.failed(target.name(), regions, describe(e));
    }
  }

  private TargetAnalysis analyze(
      Target target, RoundSlot slot, Instant deadline, Outbox outbox, List<String> regions) {
    String name = target.name();
    List<RoundRecord> records = rounds.slot(name, slot);
    if (records.isEmpty()) {
      return TargetAnalysis.noRounds(name);
    }
    records.forEach(r -> regions.add(r.region()));
    Map<String, LearnedBaseline> learned = incidents.baselines(name);
    List<RegionRound> regionRounds = records.stream().map(this::fingerprinted).toList();
    Verdict verdict =
        Attribution.attribute(
            new AttributionInput(
                target,
                slot,
                regionRounds,
                baselines(learned),
                settings.certificateWarning(),
                clock.instant()));
    report(name, regions, verdict);

    Decision decision = decide(target, slot, verdict, deadline);
    for (IncidentCommit.Entry entry : decision.recorded()) {
      outbox.publish(entry.transition().incidentId(), entry.transition().number(), entry.alert());
    }
    Optional<String> problem = learn(name, slot, regionRounds, learned, deadline);
    return new TargetAnalysis(
        name,
        TargetAnalysis.Status.ANALYSED,
        regions,
        Optional.of(verdict),
        Optional.of(decision.outcome()),
        decision.recorded().stream().map(IncidentCommit.Entry::transition).toList(),
        problem);
  }

  private record Decision(RoundOutcome outcome, List<IncidentCommit.Entry> recorded) {}

  /** Reads the state, applies the verdict and commits, deciding again after a conflict. */
  private Decision decide(Target target, RoundSlot slot, Verdict verdict, Instant deadline) {
    String name = target.name();
    for (int attempt = 1; attempt <= settings.commitAttempts(); attempt++) {
      StoredIncidentState stored = incidents.state(name);
      IncidentStep step = machine.apply(stored.state(), slot, verdict);
      if (step.outcome() == RoundOutcome.DUPLICATE || step.outcome() == RoundOutcome.LATE_IGNORED) {
        return new Decision(step.outcome(), List.of());
      }
      List<IncidentCommit.Entry> entries =
          step.transitions().stream().map(t -> entry(t, verdict)).toList();
      CommitResult result =
          incidents.commit(
              new IncidentCommit(name, stored.version(), step.state(), entries), deadline);
      if (result.committed()) {
        List<IncidentCommit.Entry> recorded =
            entries.stream()
                .filter(e -> result.recordedAlertIds().contains(e.alert().alertId()))
                .toList();
        return new Decision(step.outcome(), recorded);
      }
      LOG.info(
          "target {} slot {}: state changed concurrently (version {}), deciding again",
          name,
          slot,
          stored.version());
    }
    throw new AnalysisException(
        name,
        slot,
        "the incident state kept changing under this run ("
            + settings.commitAttempts()
            + " attempts); another analyzer is writing the same target");
  }

  private static IncidentCommit.Entry entry(Transition transition, Verdict verdict) {
    Alert alert = Alert.of(transition, verdict);
    AlertMessage message =
        new AlertMessage(
            alert.alertId(),
            alert.subject(),
            alert.text(),
            alert.json(),
            alert.messageAttributes(),
            alert.regions());
    return new IncidentCommit.Entry(transition, alert.summary(), evidence(verdict), message);
  }

  /** The verdict and its per-path evidence, in the shapes of the diagnose report. */
  static String evidence(Verdict verdict) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schemaVersion", 1);
    doc.set("verdict", EvidenceJson.verdict(verdict));
    doc.set("paths", EvidenceJson.paths(verdict.evidence()));
    return doc.toString();
  }

  private RegionRound fingerprinted(RoundRecord record) {
    Map<String, Fingerprint> fingerprints = new LinkedHashMap<>();
    for (PathObservation o : record.observations()) {
      o.representative()
          .response()
          .ifPresent(r -> fingerprints.put(o.label(), fingerprinter.fingerprint(r)));
    }
    return new RegionRound(record, fingerprints);
  }

  private Baselines baselines(Map<String, LearnedBaseline> learned) {
    Map<String, String> generators = new LinkedHashMap<>();
    BaselineLearner learner = settings.learner();
    learned.forEach(
        (path, baseline) ->
            learner.generator(baseline.baseline()).ifPresent(g -> generators.put(path, g)));
    return new Baselines(generators);
  }

  /**
   * Learns each path's baseline from the slot's healthy answers and saves it, once per slot.
   *
   * @return a problem to report if a baseline could not be saved (the analysis itself stands)
   */
  private Optional<String> learn(
      String target,
      RoundSlot slot,
      List<RegionRound> regionRounds,
      Map<String, LearnedBaseline> learned,
      Instant deadline) {
    BaselineLearner learner = settings.learner();
    Map<String, PathBaseline> next = new LinkedHashMap<>();
    for (RegionRound round : regionRounds) {
      for (PathObservation o : round.record().observations()) {
        String path = o.label();
        ProbeResult representative = o.representative();
        Optional<Fingerprint> fingerprint = round.fingerprint(path);
        LearnedBaseline stored = learned.get(path);
        if (fingerprint.isEmpty()
            || representative.failing()
            || (stored != null && !stored.learnedThrough().isBefore(slot.start()))) {
          continue;
        }
        PathBaseline prior =
            next.getOrDefault(
                path, stored != null ? stored.baseline() : PathBaseline.empty(target + "/" + path));
        next.put(path, learner.learn(prior, representative, fingerprint.get()));
      }
    }
    List<String> problems = new ArrayList<>();
    next.forEach(
        (path, baseline) -> {
          try {
            incidents.saveBaseline(
                target, new LearnedBaseline(path, baseline, slot.start()), deadline);
          } catch (RuntimeException e) {
            problems.add("baseline of " + path + " not saved: " + e.getMessage());
          }
        });
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
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
