package dev.probefleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.aws.SubscribedQueue;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.definitions.Topics;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.AwsEmulators;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.runtime.FaultProxy.Call;
import dev.probefleet.store.CachedTargets;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.IncidentTimeline;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TimelineEntry;
import dev.probefleet.store.WriteReport;
import dev.probefleet.store.contract.Rounds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fleet's own dependencies failing, on the emulator over HTTP: the same scripted sequence of
 * rounds (three targets, three probe regions, {@value #SLOTS} slots: an origin outage everywhere, a
 * CDN outage in one region, an origin outage that turns into a CDN one) is played once without
 * faults, then once per {@link DependencyFault} with the fault in the middle. After recovery (two
 * more analyzer runs, as the next scheduled minutes would do), the incident history, every
 * transition and the alerts an SQS queue subscribed to the topic received must equal the fault-free
 * run's — except alerts delivered again, which must carry the same {@code alertId} and the same
 * body. The faults are played by a {@link FaultProxy} between the fleet's clients and the emulator,
 * and by the script itself (a killed probe invocation, late rounds, a silent region, a concurrent
 * analyzer, skewed clocks). The services are the composition root's ({@link Fleet}): the round
 * writer the probe function uses, the analyzer's stores and SNS publisher, with the production
 * retrier and SDK clients (no SDK retries), their timeouts shortened to keep the run short.
 *
 * <p>Prints the table fault → what happened → what was lost.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DependencyFaultsIT {
  static final int SLOTS = 11;
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
  private static final List<String> TARGETS = List.of("shop", "blog", "api");

  /** The step the fault is played at: shop resolving, blog open, api opening. */
  private static final int MIDDLE = 3;

  private static final RoundSlot FIRST =
      RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(45)), Duration.ofMinutes(1));
  private static final Map<DependencyFault, Row> TABLE = new EnumMap<>(DependencyFault.class);
  private static Outcome baseline;
  private static String baselineSummary;

  /**
   * The faults, played around {@link #MIDDLE}. Those that change what the analyzer can see when it
   * decides ({@code shapesData}) may change a severity or the slot of a transition, as the same
   * rounds would without any fault; nothing else.
   */
  enum DependencyFault {
    EMULATOR_STOPPED_DURING_WRITES(
        "emulator stopped 2 s while two regions wrote slot 3, then restarted", false),
    EMULATOR_PROCESS_FROZEN(
        "a private emulator process frozen (SIGSTOP) 2 s while two regions wrote slot 3, and 2 s"
            + " again after the analyzer's first commit of it; then SIGCONT: it answers what"
            + " waited, to clients that gave up",
        false),
    EMULATOR_STOPPED_DURING_ANALYSIS(
        "emulator stopped just after the analyzer's first commit of slot 3, for longer than the"
            + " run had left",
        false),
    DYNAMODB_PROVISIONED_THROUGHPUT_EXCEEDED(
        "every 2nd DynamoDB call of slots 2-4 answered 400 ProvisionedThroughputExceeded", false),
    DYNAMODB_THROTTLING_EXCEPTION(
        "every 2nd DynamoDB call of slots 2-4 answered 400 ThrottlingException", false),
    TIMEOUTS(
        "every Publish and every 5th other call of slot 3 held past the client's 1 s timeout,"
            + " then applied",
        false),
    CONNECTIONS_DROPPED("every 3rd call of slots 2-4 reset unanswered, never applied", false),
    SNS_REFUSING("every Publish of slots 1-5 answered 403 AuthorizationError", false),
    PROBE_KILLED_MID_ROUND(
        "eu-west-1's probe invocation killed after writing 1 of its 3 rounds of slot 3; Lambda's"
            + " retry writes the round a slot later",
        true),
    ANALYZER_TWICE_CONCURRENTLY(
        "two analyzers (two fleets) run every slot at the same time", false),
    ROUNDS_LATE("ap-southeast-2's rounds of slots 2-3 arrive after slot 4's", true),
    ROUNDS_OUT_OF_ORDER(
        "every region writes slot 4 before slot 3; the analyzer runs slot 4, then slot 3", false),
    REGION_SILENT("ap-southeast-2 silent for slot 3: its round never arrives", true),
    CLOCK_SKEW(
        "us-east-1's clock 4 s behind (its rounds start in the slot before), eu-west-1's 3 s"
            + " ahead, the analyzer's 5 s ahead",
        false);

    final String played;
    final boolean shapesData;

    DependencyFault(String played, boolean shapesData) {
      this.played = played;
      this.shapesData = shapesData;
    }
  }

  /** One row of the printed table. */
  private record Row(String happened, List<String> lost) {}

  /** What a run leaves behind: the history as stored, and the alerts as received. */
  private record Outcome(
      Map<String, Entry> history,
      Map<String, List<String>> alerts,
      List<String> pending,
      List<String> deadLetters) {}

  /**
   * An incident or one of its transitions as stored. {@code identity} is what must never be lost or
   * duplicated (incident id and status, transition number, kind, layer, cause, alert id); {@code
   * detail} the rest (slots, severity, regional spread), which follows the rounds the analyzer had
   * when it decided.
   */
  private record Entry(String label, Map<String, String> detail) {

    /** The fields that differ, as {@code field A -> B}. */
    String changes(Entry actual) {
      List<String> out = new ArrayList<>();
      detail.forEach(
          (field, value) -> {
            String got = actual.detail().get(field);
            if (!value.equals(got)) {
              out.add(field + " " + value + " -> " + got);
            }
          });
      return label + ": " + String.join(", ", out);
    }
  }

  @BeforeAll
  static void faultFreeRun(AwsEmulator emulator) {
    try (Run run = new Run(emulator, null)) {
      run.play();
      baseline = run.outcome(-1);
      baselineSummary = run.happened();
    }
    assertThat(baseline.alerts()).as("the script raises alerts").hasSizeGreaterThanOrEqualTo(6);
    assertThat(baseline.alerts().values()).allSatisfy(b -> assertThat(b).hasSize(1));
    assertThat(baseline.pending()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DependencyFault.class)
  void afterRecoveryNothingIsMissingOrDuplicated(DependencyFault fault, AwsEmulator emulator) {
    Outcome outcome;
    String happened;
    try (PrivateEmulator own =
            fault == DependencyFault.EMULATOR_PROCESS_FROZEN ? PrivateEmulator.start() : null;
        Run run = new Run(own == null ? emulator : own.emulator, fault)) {
      run.frozen = own;
      run.play();
      outcome = run.outcome(baseline.alerts().size());
      happened = run.happened();
      assertThat(run.played()).as("the fault was played: " + happened).isTrue();
    }
    List<String> deviations = new ArrayList<>();
    List<String> lost = differences(baseline, outcome, fault, deviations);
    if (!deviations.isEmpty()) {
      happened += "; decided on the rounds in at the time: " + String.join("; ", deviations);
    }
    TABLE.put(fault, new Row(happened, lost));
    assertThat(lost).as(fault + ": " + happened).isEmpty();
  }

  @AfterAll
  static void printTable() {
    StringBuilder out = new StringBuilder();
    out.append("\nDependency faults (")
        .append(SLOTS)
        .append(" slots, 3 targets, 3 regions; fault-free run: ")
        .append(baselineSummary)
        .append(")\n");
    out.append(String.format("%-41s | %-70s | %s%n", "fault", "what happened", "what was lost"));
    out.append("-".repeat(41))
        .append("-+-")
        .append("-".repeat(70))
        .append("-+-")
        .append("-".repeat(14))
        .append('\n');
    TABLE.forEach(
        (fault, row) -> {
          List<String> lines = wrap(fault.played + ". " + row.happened(), 70);
          for (int i = 0; i < lines.size(); i++) {
            out.append(
                String.format(
                    "%-41s | %-70s | %s%n",
                    i == 0 ? fault.name() : "",
                    lines.get(i),
                    i == 0
                        ? (row.lost().isEmpty() ? "nothing" : String.join("; ", row.lost()))
                        : ""));
          }
        });
    System.out.println(out);
  }

  private static Map<String, String> detail(Signature s) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("severity", s.severity().name());
    out.put("scope", s.scope().name());
    out.put("regions", String.join(",", s.regions()));
    return out;
  }

  /** A slot as the script's step number, as the table prints it. */
  private static String slotName(RoundSlot slot) {
    return "slot " + Duration.between(FIRST.start(), slot.start()).dividedBy(FIRST.period());
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() + word.length() + 1 > width && !line.isEmpty()) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /**
   * What the fault lost, duplicated or changed, against the fault-free run: everything for a
   * transport fault; for a fault that shapes the data ({@link DependencyFault#shapesData}), changes
   * of detail go to {@code deviations} instead, and only identities count as lost.
   */
  private static List<String> differences(
      Outcome expected, Outcome actual, DependencyFault fault, List<String> deviations) {
    List<String> lost = new ArrayList<>();
    expected
        .history()
        .forEach(
            (identity, entry) -> {
              Entry got = actual.history().get(identity);
              if (got == null) {
                lost.add("missing: " + identity);
              } else if (!got.detail().equals(entry.detail())) {
                String change = entry.changes(got);
                (fault.shapesData ? deviations : lost).add(change);
              }
            });
    actual.history().keySet().stream()
        .filter(identity -> !expected.history().containsKey(identity))
        .forEach(identity -> lost.add("unexpected: " + identity));
    int differingBodies = 0;
    for (Map.Entry<String, List<String>> e : expected.alerts().entrySet()) {
      String id = e.getKey();
      List<String> got = actual.alerts().getOrDefault(id, List.of());
      if (got.isEmpty()) {
        lost.add("alert " + id + " never received");
      } else if (got.stream().distinct().count() > 1) {
        lost.add("alert " + id + " received with different bodies");
      } else if (!got.get(0).equals(e.getValue().get(0))) {
        if (fault.shapesData) {
          differingBodies++;
        } else {
          lost.add("alert " + id + " differs from the fault-free run's: " + got.get(0));
        }
      }
    }
    if (differingBodies > 0) {
      deviations.add(differingBodies + " alert bodies say so too");
    }
    actual.alerts().keySet().stream()
        .filter(id -> !expected.alerts().containsKey(id))
        .forEach(id -> lost.add("alert " + id + " not raised in the fault-free run"));
    actual.pending().forEach(id -> lost.add("alert " + id + " still pending"));
    actual.deadLetters().forEach(id -> lost.add("dead letter " + id));
    return lost;
  }

  /**
   * A moto process of this test alone, so it can be frozen and resumed (SIGSTOP, SIGCONT) without
   * the other tests noticing: a stopped process keeps its state, as AWS does across an outage —
   * unlike a restarted moto, which starts empty.
   */
  private static final class PrivateEmulator implements AutoCloseable {
    final AwsEmulator emulator;
    private final long pid;
    private boolean stopped;
    int freezes;

    private PrivateEmulator(AwsEmulator emulator, long pid) {
      this.emulator = emulator;
      this.pid = pid;
    }

    static PrivateEmulator start() {
      List<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).toList();
      AwsEmulator emulator = AwsEmulators.startMoto();
      List<Long> started =
          ProcessHandle.current()
              .children()
              .map(ProcessHandle::pid)
              .filter(p -> !before.contains(p))
              .toList();
      assertThat(started).as("the moto process this test started").hasSize(1);
      return new PrivateEmulator(emulator, started.get(0));
    }

    synchronized void freeze() {
      signal("-STOP");
      stopped = true;
      freezes++;
    }

    synchronized void thaw() {
      signal("-CONT");
      stopped = false;
    }

    private void signal(String which) {
      try {
        Process kill = new ProcessBuilder("kill", which, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill " + which + " " + pid).isZero();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while signalling " + pid, e);
      }
    }

    @Override
    public synchronized void close() {
      if (stopped) {
        thaw();
      }
      emulator.close();
    }
  }

  /** One play of the script on its own tables and topic, with or without a fault. */
  private static final class Run implements AutoCloseable {
    private final EmulatedAws aws;
    private final FaultProxy proxy;
    private final DependencyFault fault;
    private final Fleet fleet;
    private final Fleet otherFleet;
    private final SubscribedQueue queue;
    private final RoundStore rounds;
    private final AnalyzerService analyzer;
    private final AnalyzerService otherAnalyzer;
    private final Clock analyzerClock;
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger incompleteRuns = new AtomicInteger();
    private final AtomicInteger upToDate = new AtomicInteger();
    private final AtomicInteger writeFailures = new AtomicInteger();
    private final AtomicInteger keptRounds = new AtomicInteger();
    private final List<String> notes = new ArrayList<>();
    private PrivateEmulator frozen;
    private int duplicates;

    Run(AwsEmulator emulator, DependencyFault fault) {
      this.fault = fault;
      this.aws = EmulatedAws.provision(emulator);
      this.proxy = FaultProxy.start(emulator.endpoint(), Duration.ofSeconds(1));
      String topic = aws.resources().topicArn(Topics.ALERTS);
      this.queue =
          SubscribedQueue.subscribe(
              aws.sqs(), aws.sns(), topic, aws.names().prefix() + "-received", true, null);
      this.fleet = fleet(emulator, topic);
      this.otherFleet =
          fault == DependencyFault.ANALYZER_TWICE_CONCURRENTLY ? fleet(emulator, topic) : null;
      this.rounds = fleet.get(RoundStore.class);
      this.analyzerClock =
          fault == DependencyFault.CLOCK_SKEW
              ? Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))
              : Clock.systemUTC();
      this.analyzer = newAnalyzer(fleet, analyzerClock);
      this.otherAnalyzer = otherFleet == null ? null : newAnalyzer(otherFleet, analyzerClock);
      List<Target> targets = TARGETS.stream().map(Rounds::target).toList();
      fleet.get(TargetRegistry.class).apply(targets, true);
    }

    private Fleet fleet(AwsEmulator emulator, String topic) {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("probefleet.region", emulator.region().id());
      properties.put("probefleet.home-region", emulator.region().id());
      properties.put("probefleet.store.kind", "dynamodb");
      properties.put("probefleet.store.table-prefix", aws.names().prefix());
      properties.put("probefleet.store.read-budget", "3s");
      properties.put("probefleet.aws.endpoint", proxy.endpoint().toString());
      properties.put("probefleet.aws.connection-timeout", "1s");
      properties.put("probefleet.aws.socket-timeout", "1s");
      properties.put("probefleet.aws.attempt-timeout", "1s");
      properties.put("probefleet.alerts.topic-arn", topic);
      properties.put("probefleet.analyzer.expected-regions", String.join(",", REGIONS));
      properties.put("probefleet.analyzer.publish-budget", "1s");
      properties.put("probefleet.metrics.kind", "none");
      return Fleet.start(properties);
    }

    /**
     * The fleet's analyzer, its outbox retrying a failed alert on the next run rather than 30 s
     * later: the script plays a minute's schedule in a fraction of a second.
     */
    private static AnalyzerService newAnalyzer(Fleet fleet, Clock clock) {
      AnalyzerSettings settings = fleet.get(AnalyzerSettings.class);
      return new AnalyzerService(
          fleet.get(CachedTargets.class),
          fleet.get(RoundStore.class),
          fleet.get(IncidentStore.class),
          fleet.get(AlertPublisher.class),
          MetricsSink.NONE,
          fleet.get(BaselineLearning.class),
          settings.withOutbox(settings.outbox().withRetry(Duration.ZERO, Duration.ZERO)),
          clock);
    }

    static RoundSlot slot(int step) {
      RoundSlot slot = FIRST;
      for (int i = 0; i < step; i++) {
        slot = slot.next();
      }
      return slot;
    }

    /**
     * What each region observes of each target at a step: shop's origin refuses everywhere at 1-2
     * (opens at 2, resolves at 5); blog's CDN fails in us-east-1 only at 2-4 (a regional WARN,
     * opens at 3, resolves at 7); api's origin refuses at 4-5, then its CDN fails at 6-7 (opens at
     * 5, updated to CDN at 7, resolves at 10).
     */
    static List<RoundRecord> script(String region, int step) {
      RoundSlot slot = slot(step);
      List<RoundRecord> out = new ArrayList<>();
      out.add(
          step >= 1 && step <= 2
              ? Rounds.originRefusing("shop", slot, region)
              : Rounds.healthy("shop", slot, region));
      out.add(
          step >= 2 && step <= 4 && region.equals("us-east-1")
              ? Rounds.cdnFailing("blog", slot, region)
              : Rounds.healthy("blog", slot, region));
      out.add(
          step >= 4 && step <= 5
              ? Rounds.originRefusing("api", slot, region)
              : step >= 6 && step <= 7
                  ? Rounds.cdnFailing("api", slot, region)
                  : Rounds.healthy("api", slot, region));
      return out;
    }

    void play() {
      for (int step = 0; step < SLOTS; step++) {
        step(step);
      }
      proxy.clear();
      proxy.restart();
      // Recovery: the next two scheduled runs, which re-analyse the last slots and flush the
      // outbox.
      analyze(SLOTS - 1);
      analyze(SLOTS - 1);
    }

    private void step(int k) {
      if (fault == null) {
        writeAll(k);
        analyze(k);
        return;
      }
      switch (fault) {
        case EMULATOR_STOPPED_DURING_WRITES -> {
          if (k == MIDDLE) {
            write("us-east-1", k);
            proxy.stop();
            CompletableFuture<Void> others =
                CompletableFuture.runAsync(
                    () -> {
                      write("eu-west-1", k);
                      write("ap-southeast-2", k);
                    });
            pause(2000);
            proxy.restart();
            others.join();
          } else {
            writeAll(k);
          }
          analyze(k);
        }
        case EMULATOR_PROCESS_FROZEN -> {
          if (k == MIDDLE) {
            write("us-east-1", k);
            frozen.freeze();
            CompletableFuture<Void> others =
                CompletableFuture.runAsync(
                    () -> {
                      write("eu-west-1", k);
                      write("ap-southeast-2", k);
                    });
            pause(2000);
            frozen.thaw();
            others.join();
            CountDownLatch thawed = new CountDownLatch(1);
            proxy.afterNext(
                Call.operation("TransactWriteItems"),
                () -> {
                  frozen.freeze();
                  pause(2000);
                  frozen.thaw();
                  thawed.countDown();
                });
            analyze(k);
            await(thawed);
          } else {
            writeAll(k);
            analyze(k);
          }
        }
        case EMULATOR_STOPPED_DURING_ANALYSIS -> {
          writeAll(k);
          if (k == MIDDLE) {
            CountDownLatch stopped = new CountDownLatch(1);
            proxy.afterNext(
                Call.operation("TransactWriteItems"),
                () -> {
                  proxy.stop();
                  stopped.countDown();
                });
            analyze(k);
            if (stopped.getCount() == 0) {
              notes.add("the emulator stopped after the run's first commit");
            }
            pause(300);
            proxy.restart();
          } else {
            analyze(k);
          }
        }
        case DYNAMODB_PROVISIONED_THROUGHPUT_EXCEEDED,
            DYNAMODB_THROTTLING_EXCEPTION,
            TIMEOUTS,
            CONNECTIONS_DROPPED -> {
          int from = fault == DependencyFault.TIMEOUTS ? MIDDLE : MIDDLE - 1;
          int to = fault == DependencyFault.TIMEOUTS ? MIDDLE : MIDDLE + 1;
          if (k == from) {
            switch (fault) {
              case DYNAMODB_PROVISIONED_THROUGHPUT_EXCEEDED ->
                  proxy.inject(FaultProxy.Fault.THROTTLE_PROVISIONED_THROUGHPUT, Call.DYNAMODB, 2);
              case DYNAMODB_THROTTLING_EXCEPTION ->
                  proxy.inject(FaultProxy.Fault.THROTTLE, Call.DYNAMODB, 2);
              case TIMEOUTS ->
                  proxy
                      .inject(FaultProxy.Fault.DELAY, Call.PUBLISH, 1)
                      .inject(FaultProxy.Fault.DELAY, Call.ANY, 5);
              default -> proxy.inject(FaultProxy.Fault.DROP, Call.ANY, 3);
            }
          }
          writeAll(k);
          analyze(k);
          if (k == to) {
            proxy.clear();
          }
        }
        case SNS_REFUSING -> {
          if (k == MIDDLE - 2) {
            proxy.inject(FaultProxy.Fault.REFUSE_AUTHORIZATION, Call.PUBLISH, 1);
          }
          writeAll(k);
          analyze(k);
          if (k == MIDDLE + 2) {
            proxy.clear();
          }
        }
        case PROBE_KILLED_MID_ROUND -> {
          if (k == MIDDLE) {
            write("us-east-1", k);
            // Killed after its first round was written: the rest of the round never left it.
            report(rounds.write(script("eu-west-1", k).subList(0, 1), deadline(8)));
            write("ap-southeast-2", k);
            analyze(k);
          } else if (k == MIDDLE + 1) {
            // Lambda retries the failed asynchronous invocation about a minute later, for the same
            // scheduled time: the whole round again.
            write("eu-west-1", MIDDLE);
            writeAll(k);
            analyze(k);
          } else {
            writeAll(k);
            analyze(k);
          }
        }
        case ANALYZER_TWICE_CONCURRENTLY -> {
          writeAll(k);
          CountDownLatch start = new CountDownLatch(1);
          CompletableFuture<Void> theirs =
              CompletableFuture.runAsync(
                  () -> {
                    await(start);
                    count(otherAnalyzer.analyze(slot(k), deadline(6)));
                  });
          CompletableFuture<Void> ours =
              CompletableFuture.runAsync(
                  () -> {
                    await(start);
                    count(analyzer.analyze(slot(k), deadline(6)));
                  });
          start.countDown();
          CompletableFuture.allOf(theirs, ours).join();
        }
        case ROUNDS_LATE -> {
          if (k == MIDDLE - 1 || k == MIDDLE) {
            write("us-east-1", k);
            write("eu-west-1", k);
          } else if (k == MIDDLE + 1) {
            writeAll(k);
            write("ap-southeast-2", MIDDLE - 1);
            write("ap-southeast-2", MIDDLE);
          } else {
            writeAll(k);
          }
          analyze(k);
        }
        case ROUNDS_OUT_OF_ORDER -> {
          if (k == MIDDLE) {
            writeAll(MIDDLE + 1);
            writeAll(MIDDLE);
            analyze(MIDDLE + 1);
            analyze(MIDDLE);
          } else if (k != MIDDLE + 1) {
            writeAll(k);
            analyze(k);
          }
        }
        case REGION_SILENT -> {
          write("us-east-1", k);
          write("eu-west-1", k);
          if (k != MIDDLE) {
            write("ap-southeast-2", k);
          }
          analyze(k);
        }
        case CLOCK_SKEW -> {
          for (String region : REGIONS) {
            Duration skew =
                switch (region) {
                  case "us-east-1" -> Duration.ofSeconds(-4);
                  case "eu-west-1" -> Duration.ofSeconds(3);
                  default -> Duration.ZERO;
                };
            List<RoundRecord> skewed =
                script(region, k).stream()
                    .map(
                        r ->
                            new RoundRecord(
                                r.target(),
                                r.slot(),
                                r.region(),
                                r.startedAt().plus(skew),
                                r.observations(),
                                r.confirmations(),
                                r.unprobed()))
                    .toList();
            report(rounds.write(skewed, deadline(8)));
          }
          analyze(k);
        }
      }
    }

    private void writeAll(int k) {
      for (String region : REGIONS) {
        write(region, k);
      }
    }

    private void write(String region, int k) {
      report(rounds.write(script(region, k), deadline(8)));
    }

    private void report(WriteReport report) {
      writeFailures.addAndGet(report.failed().size());
      keptRounds.addAndGet(report.kept().size());
    }

    private void analyze(int k) {
      count(analyzer.analyze(slot(k), deadline(4)));
    }

    private void count(AnalysisReport report) {
      runs.incrementAndGet();
      if (!report.complete()) {
        incompleteRuns.incrementAndGet();
      }
      upToDate.addAndGet(
          (int)
              report.targets().stream()
                  .filter(
                      t -> t.status() == dev.probefleet.analyzer.TargetAnalysis.Status.UP_TO_DATE)
                  .count());
    }

    private Instant deadline(int seconds) {
      return analyzerClock.instant().plusSeconds(seconds);
    }

    /**
     * The history as stored, and the alerts as received ({@code expected}: how many to wait for).
     */
    Outcome outcome(int expected) {
      IncidentStore incidents = fleet.get(IncidentStore.class);
      Map<String, Entry> history = new LinkedHashMap<>();
      int transitions = 0;
      for (String target : TARGETS) {
        for (IncidentSummary s :
            Page.collect(
                PageRequest.first(50),
                1000,
                p -> incidents.find(IncidentQuery.ofTarget(target), p))) {
          String incident =
              target + " incident " + s.id() + " " + s.status() + ", " + s.transitions();
          Map<String, String> fields = new LinkedHashMap<>();
          fields.put("opened", slotName(s.openedAt()));
          fields.put("resolved", s.resolvedAt().map(DependencyFaultsIT::slotName).orElse("-"));
          fields.putAll(detail(s.signature()));
          history.put(incident, new Entry(target + " incident", fields));
          IncidentTimeline timeline = incidents.incident(s.id()).orElseThrow();
          for (TimelineEntry e : timeline.entries()) {
            transitions++;
            Transition t = e.transition();
            String label = "%s #%d %s".formatted(target, t.number(), t.kind());
            String identity =
                "%s %s/%s, alert %s"
                    .formatted(
                        label,
                        t.signature().layer(),
                        t.signature().cause(),
                        e.alert().map(a -> a.message().alertId()).orElse("none"));
            Map<String, String> changes = new LinkedHashMap<>();
            changes.put("at", slotName(t.slot()));
            changes.putAll(detail(t.signature()));
            changes.put("from", t.previous().map(p -> detail(p).toString()).orElse("-"));
            history.put(identity, new Entry(label, changes));
          }
        }
      }
      List<String> pending =
          Page.collect(PageRequest.first(50), 1000, p -> incidents.pending(Instant.MAX, p)).stream()
              .map(a -> a.alertId())
              .toList();
      List<String> dead =
          Page.collect(PageRequest.first(50), 1000, incidents::deadLetters).stream()
              .map(Object::toString)
              .toList();
      Map<String, List<String>> alerts = new TreeMap<>();
      for (String body :
          queue.receive(expected < 0 ? transitions : expected, Duration.ofSeconds(1))) {
        JsonNode json = SubscribedQueue.json(body);
        alerts.computeIfAbsent(json.path("alertId").asText(), k -> new ArrayList<>()).add(body);
      }
      duplicates = alerts.values().stream().mapToInt(b -> b.size() - 1).sum();
      return new Outcome(history, alerts, pending, dead);
    }

    /** Whether the proxy played its fault (the script's own faults are played by construction). */
    boolean played() {
      return switch (fault) {
        case PROBE_KILLED_MID_ROUND, ROUNDS_LATE, ROUNDS_OUT_OF_ORDER, REGION_SILENT, CLOCK_SKEW ->
            true;
        case ANALYZER_TWICE_CONCURRENTLY -> upToDate.get() > 0;
        case EMULATOR_STOPPED_DURING_ANALYSIS -> !notes.isEmpty();
        case EMULATOR_PROCESS_FROZEN -> frozen.freezes > 0;
        default -> proxy.played().values().stream().mapToInt(Integer::intValue).sum() > 0;
      };
    }

    /** What the fault did to the run, from the proxy's counters and the analyzer's reports. */
    String happened() {
      List<String> parts = new ArrayList<>();
      BiFunction<Integer, String, String> n = (count, what) -> count + " " + what;
      proxy
          .played()
          .forEach(
              (f, count) -> {
                if (count > 0) {
                  parts.add(
                      n.apply(
                          count,
                          switch (f) {
                            case REFUSE -> "stop(s) of the emulator";
                            case DROP -> "call(s) dropped";
                            case THROTTLE_PROVISIONED_THROUGHPUT, THROTTLE -> "call(s) throttled";
                            case DELAY -> "call(s) timed out, applied late";
                            case REFUSE_AUTHORIZATION -> "Publish call(s) refused";
                          }));
                }
              });
      if (frozen != null) {
        parts.add(frozen.freezes + " freezes of the emulator process");
      }
      parts.add(runs.get() + " analyzer runs, " + incompleteRuns.get() + " incomplete");
      if (upToDate.get() > 0) {
        parts.add(upToDate.get() + " target analyses found the slot already done");
      }
      if (writeFailures.get() > 0) {
        parts.add(writeFailures.get() + " round write(s) failed");
      }
      if (keptRounds.get() > 0) {
        parts.add(keptRounds.get() + " round(s) already stored, kept");
      }
      parts.add(
          duplicates == 0
              ? "no alert delivered twice"
              : duplicates + " alert(s) delivered again, same id and body");
      parts.addAll(notes);
      return String.join("; ", parts);
    }

    private static void await(CountDownLatch latch) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      fleet.close();
      if (otherFleet != null) {
        otherFleet.close();
      }
      proxy.close();
      aws.close();
    }
  }
}
