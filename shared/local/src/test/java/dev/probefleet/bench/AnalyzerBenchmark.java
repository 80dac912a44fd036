package dev.probefleet.bench;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Tables;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.provisioning.ResourceProvisioner;
import dev.probefleet.store.CachedTargets;
import dev.probefleet.store.WriteReport;
import dev.probefleet.store.contract.RecordingPublisher;
import dev.probefleet.store.contract.Rounds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code make bench-analyzer}: one analyzer slot for a fleet of {@code targets} targets probed from
 * 5 regions (3 paths each, 1 % failing), on DynamoDB Local with {@code latency} ms added to every
 * call by an SDK interceptor (the round trip a real table adds). Prints the wall time per slot, the
 * calls and capacity units per target, and ends with one line scripts read:
 *
 * <pre>analyzer slot: 12.3 s for 10000 targets x 5 regions (1 invocations)</pre>
 *
 * <p>Arguments (all optional): {@code targets=10000 regions=5 latency=5 parallelism=64}. Not part
 * of the test suite: the figures depend on the machine.
 */
public final class AnalyzerBenchmark {
  private static final Duration PERIOD = Duration.ofMinutes(1);

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } finally {
      // DynamoDB Local leaves non-daemon threads behind: end the process with its figures.
      System.out.flush();
      System.exit(0);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int targets = Integer.parseInt(options.getOrDefault("targets", "10000"));
    int regionCount = Integer.parseInt(options.getOrDefault("regions", "5"));
    long latency = Long.parseLong(options.getOrDefault("latency", "5"));
    int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "64"));
    List<String> regions =
        List.of(
                "us-east-1",
                "eu-west-1",
                "ap-southeast-2",
                "us-west-2",
                "sa-east-1",
                "eu-central-1")
            .subList(0, regionCount);

    Options.header(
        "analyzer slot",
        Map.of(
            "targets",
            targets,
            "regions",
            regionCount,
            "paths per target",
            3,
            "failing",
            "1 %",
            "latency per call",
            latency + " ms",
            "parallelism",
            parallelism));

    try (InMemoryDynamoDb db = InMemoryDynamoDb.spawn();
        DynamoDbClient setup = client(db, new Meter(0), 32)) {
      ResourceNames names = ResourceNames.defaults();
      new ResourceProvisioner(setup, null, names).provision(Tables.all(), List.of());
      Meter meter = new Meter(latency);
      try (DynamoDbClient measured = client(db, meter, parallelism)) {
        Clock clock = Clock.systemUTC();
        // Baselines settle after 10 healthy samples per path (2 slots of 5 regions): the third slot
        // onwards is the fleet's steady state.
        int slotCount = Integer.parseInt(options.getOrDefault("slots", "4"));
        List<RoundSlot> slots = new ArrayList<>();
        RoundSlot s0 =
            RoundSlot.containing(Instant.now().minus(PERIOD.multipliedBy(slotCount)), PERIOD);
        for (int i = 0; i < slotCount; i++) {
          slots.add(s0);
          s0 = s0.next();
        }
        RoundSlot first = slots.get(0);

        long t0 = System.nanoTime();
        List<Target> fleet = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
          fleet.add(Rounds.target(String.format("t%05d", i)));
        }
        new DynamoTargetRegistry(setup, names.table(Tables.TARGETS), Retrier.standard(), clock)
            .apply(fleet, true);
        FleetRounds rounds = new FleetRounds();
        DynamoRoundStore writer =
            new DynamoRoundStore(
                setup, names.table(Tables.ROUNDS), Duration.ofDays(7), Retrier.standard(), 50, 16);
        for (RoundSlot slot : slots) {
          List<RoundRecord> slotRounds = new ArrayList<>();
          for (int i = 0; i < targets; i++) {
            boolean failing = i % 100 == 0;
            for (String region : regions) {
              slotRounds.add(rounds.stored(fleet.get(i).name(), slot, region, failing));
            }
          }
          WriteReport written =
              writer.write(slotRounds, Instant.now().plus(Duration.ofMinutes(10)));
          if (!written.complete()) {
            throw new IllegalStateException(
                "setup: rounds not written: " + written.failed().get(0));
          }
        }
        System.out.printf(
            Locale.ROOT,
            "setup: %,d targets and %,d rounds written in %.1f s%n%n",
            targets,
            targets * regions.size() * slots.size(),
            (System.nanoTime() - t0) / 1e9);

        AnalyzerSettings settings =
            AnalyzerSettings.DEFAULT
                .withExpectedRegions(regions)
                .withParallelism(parallelism)
                .withGrace(Duration.ofSeconds(20));
        RecordingPublisher alerts = new RecordingPublisher(null);
        AnalyzerService analyzer =
            new AnalyzerService(
                new CachedTargets(
                    new DynamoTargetRegistry(
                        measured, names.table(Tables.TARGETS), Retrier.standard(), clock),
                    Duration.ofMinutes(5),
                    Duration.ofHours(1),
                    clock),
                new DynamoRoundStore(
                    measured, names.table(Tables.ROUNDS), Duration.ofDays(7), Retrier.standard()),
                new DynamoIncidentStore(
                    measured, names.table(Tables.INCIDENTS), Retrier.standard(), clock),
                alerts,
                MetricsSink.NONE,
                new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
                settings,
                clock);

        System.out.println(
            "run              wall s  targets/s  CPU s  CPU ms/target  calls/target  RCU/target"
                + "  WCU/target  transitions");
        double steady = 0;
        List<Double> shardTimes = new ArrayList<>();
        for (RoundSlot slot : slots) {
          boolean sharded = slot.equals(slots.get(slots.size() - 1)) && slots.size() > 3;
          if (sharded) {
            // The last slot again as two invocations of one shard each: what a fleet gets by
            // sharding the analyzer, and the proof that shards add up to the whole.
            meter.reset();
            long total = 0;
            for (int i = 0; i < 2; i++) {
              long start = System.nanoTime();
              AnalysisReport part =
                  analyzer.analyze(
                      slot, new Shard(i, 2), Instant.now().plus(Duration.ofMinutes(10)));
              shardTimes.add((System.nanoTime() - start) / 1e9);
              total += part.targets().size();
              if (!part.incomplete().isEmpty()) {
                throw new IllegalStateException("shard " + i + ": " + part.incomplete());
              }
            }
            if (total != targets) {
              throw new IllegalStateException("the shards analysed " + total + " targets");
            }
            System.out.printf(
                Locale.ROOT,
                "slot %d in 2 shards: %.1f s and %.1f s, %.2f calls per target%n",
                slots.indexOf(slot) + 1,
                shardTimes.get(0),
                shardTimes.get(1),
                meter.totalCalls() / (double) targets);
            continue;
          }
          meter.reset();
          long cpu0 = cpuNanos();
          long start = System.nanoTime();
          AnalysisReport report =
              analyzer.analyze(slot, Shard.ALL, Instant.now().plus(Duration.ofMinutes(10)));
          double seconds = (System.nanoTime() - start) / 1e9;
          double cpu = (cpuNanos() - cpu0) / 1e9;
          long analysed =
              report.targets().stream()
                  .filter(t -> t.status() == TargetAnalysis.Status.ANALYSED)
                  .count();
          if (analysed != targets || !report.incomplete().isEmpty()) {
            throw new IllegalStateException(
                "slot "
                    + slot
                    + ": "
                    + analysed
                    + " of "
                    + targets
                    + " analysed; "
                    + report.incomplete().stream().limit(3).toList());
          }
          Map<String, Double> capacity = meter.capacity();
          double reads = sum(capacity, "Query", "GetItem", "BatchGetItem", "Scan");
          double writes = sum(capacity, "PutItem", "UpdateItem", "TransactWriteItems");
          System.out.printf(
              Locale.ROOT,
              "%-15s %7.1f %10.0f %6.1f %14.2f %13.2f %11.2f %11.2f %12d%n",
              slot == first ? "slot 1 (cold)" : "slot " + (slots.indexOf(slot) + 1),
              seconds,
              targets / seconds,
              cpu,
              cpu * 1000 / targets,
              meter.totalCalls() / (double) targets,
              reads / targets,
              writes / targets,
              report.transitions());
          System.out.println("  calls: " + meter.calls() + "   capacity: " + capacity);
          steady = seconds;
        }
        System.out.println();
        if (!shardTimes.isEmpty()) {
          System.out.printf(
              Locale.ROOT,
              "sharded: %.1f s per shard (longest of 2) for %d targets x %d regions%n",
              Math.max(shardTimes.get(0), shardTimes.get(1)),
              targets,
              regions.size());
        }
        System.out.printf(
            Locale.ROOT,
            "analyzer slot: %.1f s for %d targets x %d regions (1 invocations)%n",
            steady,
            targets,
            regions.size());
      }
    }
  }

  /** This process's CPU time: the analyzer's (the table runs in a process of its own). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double sum(Map<String, Double> capacity, String... operations) {
    double total = 0;
    for (String op : operations) {
      total += capacity.getOrDefault(op, 0.0);
    }
    return total;
  }

  /** A client to the local table with the meter in front, as many connections as workers. */
  static DynamoDbClient client(InMemoryDynamoDb db, Meter meter, int connections) {
    // The URL-connection client keeps at most http.maxConnections idle connections per host.
    System.setProperty("http.maxConnections", Integer.toString(Math.max(5, connections)));
    return DynamoDbClient.builder()
        .endpointOverride(db.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .overrideConfiguration(
            o -> o.addExecutionInterceptor(meter).retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
