package dev.probefleet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.dynamodb.ItemSize;
import dev.probefleet.aws.metrics.EmfMetrics;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.config.EnvironmentSecretResolver;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Tables;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lab.server.ServerTls;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.probe.NativeCrypto;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.probing.ProbeSettings;
import dev.probefleet.probing.RoundProber;
import dev.probefleet.probing.StoredEvidence;
import dev.probefleet.provisioning.ResourceProvisioner;
import dev.probefleet.store.CachedTargets;
import dev.probefleet.store.WriteReport;
import dev.probefleet.store.contract.RecordingPublisher;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code make bench-cost}: what a million path-probes cost, all in, from figures measured in this
 * run — not estimates. A fleet of {@code targets} HTTPS targets (CDN, LB, origin; a fresh TLS
 * handshake per probe against a loopback server answering after {@code delay} ms; 1 % failing, with
 * their fast confirmation) is probed by the real probe service, its rounds written to DynamoDB
 * Local (in memory) through a client that adds {@code writeLatency} ms per call (the cross-region
 * round trip to the home table) and asks for the consumed capacity of every call; the same rounds
 * stand for {@code regions} regions; the real analyzer analyses the slots. Measured: the probe
 * round's wall and CPU time (GB-seconds at the stated memory size), write and read capacity units
 * returned by DynamoDB, item sizes, bytes of EMF metrics and log lines written. Priced at the unit
 * prices printed with the table. The last line reads:
 *
 * <pre>cost per million path-probes: $0.123</pre>
 *
 * <p>Arguments: {@code targets=1000 regions=5 delay=50 writeLatency=70 probeMemoryMb=1024
 * analyzerMemoryMb=1769 fleetTargets=10000 slots=4} ({@code fleetTargets}: the fleet the fixed
 * monthly metric cost is spread over).
 */
public final class CostBenchmark {
  // Unit prices, us-east-1, on-demand, as listed by AWS. The stacks deploy the probe function on
  // x86_64 (its native crypto provider's build) and the analyzer on arm64.
  private static final double LAMBDA_GB_SECOND_X86 = 0.0000166667;
  private static final double LAMBDA_GB_SECOND_ARM = 0.0000133334;
  private static final double LAMBDA_REQUEST = 0.20 / 1_000_000;
  private static final double DYNAMODB_WRU = 0.625 / 1_000_000;
  private static final double DYNAMODB_RRU = 0.125 / 1_000_000;
  private static final double LOGS_GB = 0.50;
  private static final double METRIC_MONTH = 0.30;
  // Lambda writes START, END and REPORT lines per invocation (about 350 bytes together).
  private static final int PLATFORM_LOG_BYTES = 350;
  private static final Duration PERIOD = Duration.ofMinutes(1);

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } finally {
      System.out.flush();
      System.exit(0);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int targets = Integer.parseInt(options.getOrDefault("targets", "1000"));
    int regionCount = Integer.parseInt(options.getOrDefault("regions", "5"));
    long delay = Long.parseLong(options.getOrDefault("delay", "50"));
    long writeLatency = Long.parseLong(options.getOrDefault("writeLatency", "70"));
    int probeMemory = Integer.parseInt(options.getOrDefault("probeMemoryMb", "1024"));
    int analyzerMemory = Integer.parseInt(options.getOrDefault("analyzerMemoryMb", "1769"));
    int fleetTargets = Integer.parseInt(options.getOrDefault("fleetTargets", "10000"));
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
        "cost per million path-probes",
        Map.of(
            "targets",
            targets,
            "regions",
            regionCount,
            "paths",
            "cdn, lb, origin over HTTPS (fresh handshake each)",
            "answer delay",
            delay + " ms",
            "write latency",
            writeLatency + " ms",
            "failing",
            "1 %"));

    AtomicLong logBytes = countLogBytes();
    CertificateAuthority ca = CertificateAuthority.create("probefleet bench CA");
    IssuedCertificate certificate = ca.issue("localhost", "127.0.0.1");
    ServerTls tls = ServerTls.of(certificate.privateKey(), certificate.chain());
    try (FaultHttpServer ok =
            FaultHttpServer.builder()
                .tls(tls)
                .backlog(1024)
                .reply(Reply.ok().withBody("ok").withFirstByteDelay(Duration.ofMillis(delay)))
                .start();
        FaultHttpServer failing =
            FaultHttpServer.builder()
                .tls(tls)
                .backlog(1024)
                .reply(Reply.status(502).withFirstByteDelay(Duration.ofMillis(delay)))
                .start();
        InMemoryDynamoDb db = InMemoryDynamoDb.spawn()) {
      CaBundle bundle = new CaBundle("bench-ca.pem", ca.certificatePem());
      List<Target> fleet = new ArrayList<>();
      for (int i = 0; i < targets; i++) {
        FaultHttpServer server = i % 100 == 0 ? failing : ok;
        fleet.add(target(String.format("t%05d", i), server, bundle));
      }
      ResourceNames names = ResourceNames.defaults();
      Meter probeMeter = new Meter(writeLatency);
      Meter analyzerMeter = new Meter(0);
      Clock clock = Clock.systemUTC();
      try (DynamoDbClient setup = AnalyzerBenchmark.client(db, new Meter(0), 32);
          DynamoDbClient probeClient = AnalyzerBenchmark.client(db, probeMeter, 64);
          DynamoDbClient analyzerClient = AnalyzerBenchmark.client(db, analyzerMeter, 64)) {
        new ResourceProvisioner(setup, null, names).provision(Tables.all(), List.of());
        new DynamoTargetRegistry(setup, names.table(Tables.TARGETS), Retrier.standard(), clock)
            .apply(fleet, true);

        CountingStream emf = new CountingStream();
        EmfMetrics metrics =
            new EmfMetrics(
                new PrintStream(emf, true, StandardCharsets.UTF_8), "probefleet", false, clock);
        CachedTargets registry =
            new CachedTargets(
                new DynamoTargetRegistry(
                    probeClient, names.table(Tables.TARGETS), Retrier.standard(), clock),
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                clock);
        DynamoRoundStore probeRounds =
            new DynamoRoundStore(
                probeClient, names.table(Tables.ROUNDS), Duration.ofDays(7), Retrier.standard());
        ProbeService probe =
            new ProbeService(
                registry,
                probeRounds,
                new RoundProber(
                    // As the probe function builds it: the native crypto provider first, and the
                    // CPUs its memory size buys, which set how widely a round is spread (and so
                    // the round's wall time, which Lambda bills).
                    nativeCrypto(ProbeClient.builder().cpus(probeMemory / 1769.0)).build(),
                    new EnvironmentSecretResolver(Map.of()),
                    Fingerprinter.defaults(),
                    clock),
                metrics,
                ProbeSettings.DEFAULT,
                clock);
        DynamoRoundStore copier =
            new DynamoRoundStore(
                setup, names.table(Tables.ROUNDS), Duration.ofDays(7), Retrier.standard());

        // Baselines settle after the second slot (after the third, for a path the cold first
        // round could not reach); the fourth slot is the steady state measured.
        int slots = Integer.parseInt(options.getOrDefault("slots", "4"));
        RoundSlot slot =
            RoundSlot.containing(Instant.now().minus(PERIOD.multipliedBy(slots)), PERIOD);
        AnalyzerService analyzer =
            new AnalyzerService(
                new CachedTargets(
                    new DynamoTargetRegistry(
                        analyzerClient, names.table(Tables.TARGETS), Retrier.standard(), clock),
                    Duration.ofMinutes(5),
                    Duration.ofHours(1),
                    clock),
                new DynamoRoundStore(
                    analyzerClient,
                    names.table(Tables.ROUNDS),
                    Duration.ofDays(7),
                    Retrier.standard()),
                new DynamoIncidentStore(
                    analyzerClient, names.table(Tables.INCIDENTS), Retrier.standard(), clock),
                new RecordingPublisher(null),
                metrics,
                new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
                AnalyzerSettings.DEFAULT.withExpectedRegions(regions).withParallelism(64),
                clock);

        ProbeRun measured = null;
        AnalyzerRun analysis = null;
        for (int s = 0; s < slots; s++) {
          probeMeter.reset();
          emf.reset();
          logBytes.set(0);
          long cpu0 = AnalyzerBenchmark.cpuNanos();
          long t0 = System.nanoTime();
          ProbeReport report =
              probe.probe(regions.get(0), Shard.ALL, slot, Instant.now().plusSeconds(50));
          double wall = (System.nanoTime() - t0) / 1e9;
          double cpu = (AnalyzerBenchmark.cpuNanos() - cpu0) / 1e9;
          if (!report.written().complete()) {
            throw new IllegalStateException("rounds not written: " + report.written().failed());
          }
          measured =
              new ProbeRun(
                  report,
                  wall,
                  cpu,
                  sum(probeMeter.capacity(), "PutItem"),
                  probeMeter.totalCalls(),
                  emf.count(),
                  logBytes.get());
          // The other regions' rounds: the same answers, stored as they would be.
          List<RoundRecord> copies = new ArrayList<>();
          for (RoundRecord r : report.rounds()) {
            for (String region : regions.subList(1, regions.size())) {
              copies.add(StoredEvidence.trim(renamed(r, region)));
            }
          }
          WriteReport written = copier.write(copies, Instant.now().plusSeconds(120));
          if (!written.complete()) {
            throw new IllegalStateException("copies not written: " + written.failed());
          }
          analyzerMeter.reset();
          emf.reset();
          logBytes.set(0);
          long a0 = System.nanoTime();
          long acpu0 = AnalyzerBenchmark.cpuNanos();
          AnalysisReport analysed = analyzer.analyze(slot, Instant.now().plusSeconds(50));
          analysis =
              new AnalyzerRun(
                  analysed,
                  (System.nanoTime() - a0) / 1e9,
                  (AnalyzerBenchmark.cpuNanos() - acpu0) / 1e9,
                  analyzerMeter.capacity(),
                  analyzerMeter.calls(),
                  emf.count(),
                  logBytes.get());
          if (System.getenv("BENCH_DEBUG") != null) {
            var st =
                new DynamoIncidentStore(
                        setup, names.table(Tables.INCIDENTS), Retrier.standard(), clock)
                    .load(fleet.get(1).name(), Instant.now().plusSeconds(10));
            System.out.println(
                "slot " + s + " baselines " + st.baselines() + " calls " + analyzerMeter.calls());
          }
          slot = slot.next();
        }
        itemSizes(setup, names, fleet.get(1).name(), slot.previous(), regions.get(0));
        report(
            measured, analysis, fleetTargets, targets, regions.size(), probeMemory, analyzerMemory);
      }
    }
  }

  private record ProbeRun(
      ProbeReport report,
      double wall,
      double cpu,
      double writeUnits,
      long calls,
      long emfBytes,
      long logBytes) {}

  private record AnalyzerRun(
      AnalysisReport report,
      double wall,
      double cpu,
      Map<String, Double> capacity,
      Map<String, Long> calls,
      long emfBytes,
      long logBytes) {}

  private static void report(
      ProbeRun probe,
      AnalyzerRun analysis,
      int fleetTargets,
      int targets,
      int regions,
      int probeMemoryMb,
      int analyzerMemoryMb) {
    int paths = probe.report().paths();
    double probesPerSlot = paths * (double) regions;
    System.out.printf(
        Locale.ROOT,
        "probe round (one region, steady slot): %d paths in %.2f s wall, %.2f CPU-s; %d failing,"
            + " %d confirmed; %.2f WRU per round item; %d DynamoDB calls%n",
        paths,
        probe.wall(),
        probe.cpu(),
        probe.report().failing(),
        probe.report().confirmed(),
        probe.writeUnits() / probe.report().rounds().size(),
        probe.calls());
    double analyzerReads = sum(analysis.capacity(), "Query", "GetItem", "BatchGetItem", "Scan");
    double analyzerWrites = sum(analysis.capacity(), "PutItem", "UpdateItem", "TransactWriteItems");
    System.out.printf(
        Locale.ROOT,
        "analyzer (steady slot, %d targets x %d regions): %.2f s wall, %.2f CPU-s; RRU %.2f and"
            + " WRU %.2f per target; calls %s%n%n",
        targets,
        regions,
        analysis.wall(),
        analysis.cpu(),
        analyzerReads / targets,
        analyzerWrites / targets,
        analysis.calls());

    // Per slot of the whole fleet (every region), then per million path-probes.
    double probeGbSeconds = regions * probe.wall() * probeMemoryMb / 1024.0;
    double analyzerGbSeconds = analysis.wall() * analyzerMemoryMb / 1024.0;
    double requests = regions + 1;
    double roundWrites = regions * probe.writeUnits();
    double logBytes =
        regions * (probe.emfBytes() + probe.logBytes())
            + analysis.emfBytes()
            + analysis.logBytes()
            + requests * PLATFORM_LOG_BYTES;
    // Custom metrics: path x region probe series (7), layer x region verdicts (3), run health
    // (probe 5 per region, analyzer 6, outbox 5); a month of slots for this fleet amortizes them.
    int metrics = 7 * 3 * regions + 3 * 7 * regions + 5 * regions + 11;
    double slotsPerMonth = 30 * 24 * 60;
    // The metrics are a fixed monthly cost: spread over the probes of the fleet they serve.
    double probesPerMonth = fleetTargets * 3.0 * regions * slotsPerMonth;

    double perMillion = 1_000_000 / probesPerSlot;
    String[][] rows = {
      {
        "Lambda compute, probe functions",
        money(probeGbSeconds * LAMBDA_GB_SECOND_X86 * perMillion),
        String.format(
            Locale.ROOT,
            "%.4f GB-s per probe at %d MB",
            probe.wall() * probeMemoryMb / 1024.0 / paths,
            probeMemoryMb)
      },
      {
        "Lambda compute, analyzer",
        money(analyzerGbSeconds * LAMBDA_GB_SECOND_ARM * perMillion),
        String.format(Locale.ROOT, "%.2f s per slot at %d MB", analysis.wall(), analyzerMemoryMb)
      },
      {
        "Lambda requests",
        money(requests * LAMBDA_REQUEST * perMillion),
        String.format(Locale.ROOT, "%.0f invocations per slot", requests)
      },
      {
        "DynamoDB writes, rounds",
        money(roundWrites * DYNAMODB_WRU * perMillion),
        String.format(Locale.ROOT, "%.3f WRU per probe", roundWrites / probesPerSlot)
      },
      {
        "DynamoDB writes, analyzer",
        money(analyzerWrites * DYNAMODB_WRU * perMillion),
        String.format(Locale.ROOT, "%.3f WRU per probe", analyzerWrites / probesPerSlot)
      },
      {
        "DynamoDB reads, analyzer",
        money(analyzerReads * DYNAMODB_RRU * perMillion),
        String.format(Locale.ROOT, "%.3f RRU per probe", analyzerReads / probesPerSlot)
      },
      {
        "CloudWatch Logs ingestion",
        money(logBytes / 1e9 * LOGS_GB * perMillion),
        String.format(
            Locale.ROOT,
            "%.1f bytes per probe (EMF %d, logs %d, platform %d)",
            logBytes / probesPerSlot,
            regions * probe.emfBytes() + analysis.emfBytes(),
            regions * probe.logBytes() + analysis.logBytes(),
            (long) (requests * PLATFORM_LOG_BYTES))
      },
      {
        "CloudWatch custom metrics",
        money(metrics * METRIC_MONTH / probesPerMonth * 1_000_000),
        String.format(
            Locale.ROOT,
            "%d metrics, a monthly cost spread over a %,d-target fleet's probes",
            metrics,
            fleetTargets)
      },
    };
    double total = 0;
    System.out.printf("%-34s %12s   %s%n", "item", "$ per 1M", "measured");
    for (String[] row : rows) {
      System.out.printf("%-34s %12s   %s%n", row[0], row[1], row[2]);
      total += Double.parseDouble(row[1].substring(1));
    }
    System.out.printf("%-34s %12s%n%n", "total", money(total));
    System.out.printf(
        Locale.ROOT,
        "unit prices assumed (us-east-1, on-demand): Lambda x86_64 (probe) $%.10f and arm64"
            + " (analyzer) $%.10f per GB-s, $%.2f per"
            + " million requests; DynamoDB $%.3f per million WRU, $%.3f per million RRU;"
            + " CloudWatch Logs $%.2f per GB ingested, $%.2f per custom metric-month; Lambda's"
            + " START/END/REPORT lines %d bytes per invocation%n%n",
        LAMBDA_GB_SECOND_X86,
        LAMBDA_GB_SECOND_ARM,
        LAMBDA_REQUEST * 1_000_000,
        DYNAMODB_WRU * 1_000_000,
        DYNAMODB_RRU * 1_000_000,
        LOGS_GB,
        METRIC_MONTH,
        PLATFORM_LOG_BYTES);
    System.out.printf(Locale.ROOT, "cost per million path-probes: $%.3f%n", total);
  }

  private static ProbeClient.Builder nativeCrypto(ProbeClient.Builder builder) {
    System.out.println(NativeCrypto.install());
    return builder;
  }

  private static String money(double value) {
    return String.format(Locale.ROOT, "$%.4f", value);
  }

  private static double sum(Map<String, Double> capacity, String... operations) {
    double total = 0;
    for (String op : operations) {
      total += capacity.getOrDefault(op, 0.0);
    }
    return total;
  }

  private static void itemSizes(
      DynamoDbClient client, ResourceNames names, String target, RoundSlot slot, String region) {
    var round =
        client
            .getItem(
                b ->
                    b.tableName(names.table(Tables.ROUNDS))
                        .key(
                            Map.of(
                                "target",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                    target),
                                "roundRegion",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                    slot.id() + "#" + region))))
            .item();
    var state =
        client
            .getItem(
                b ->
                    b.tableName(names.table(Tables.INCIDENTS))
                        .key(
                            Map.of(
                                "pk",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                    "TARGET#" + target),
                                "sk",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                    "WINDOW"))))
            .item();
    System.out.printf(
        Locale.ROOT,
        "item sizes (a healthy target): round %d bytes, target state %d bytes%n",
        ItemSize.of(round),
        ItemSize.of(state));
  }

  private static RoundRecord renamed(RoundRecord r, String region) {
    return new RoundRecord(
        r.target(),
        r.slot(),
        region,
        r.startedAt(),
        r.observations(),
        r.confirmations(),
        r.unprobed());
  }

  private static Target target(String name, FaultHttpServer server, CaBundle ca) {
    URI base = server.url("/");
    return new Target(
        name,
        RequestSpec.DEFAULT,
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.of(path(PathKind.CDN, 0, base, name + "/cdn", ca)),
        Optional.of(path(PathKind.LB, 0, base, name + "/lb", ca)),
        List.of(path(PathKind.ORIGIN, 0, base, name + "/origin", ca)));
  }

  private static PathSpec path(PathKind kind, int instance, URI base, String path, CaBundle ca) {
    URI url = base.resolve("/" + path);
    return new PathSpec(
        kind,
        instance,
        url,
        Optional.of("localhost"),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.of(ca),
        Optional.of(Duration.ofSeconds(10)),
        List.of(),
        Map.of(),
        List.of());
  }

  /** Counts what the fleet's loggers write, formatted as the function's log lines are. */
  private static AtomicLong countLogBytes() {
    AtomicLong bytes = new AtomicLong();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes.incrementAndGet();
          }

          @Override
          public void write(byte[] b, int off, int len) {
            bytes.addAndGet(len);
          }
        });
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    context.getLogger("dev.probefleet").setLevel(Level.INFO);
    return bytes;
  }

  /** Counts bytes written (the EMF lines), and drops them. */
  private static final class CountingStream extends OutputStream {
    private final AtomicLong count = new AtomicLong();

    @Override
    public void write(int b) {
      count.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count.addAndGet(len);
    }

    long count() {
      return count.get();
    }

    void reset() {
      count.set(0);
    }
  }
}
