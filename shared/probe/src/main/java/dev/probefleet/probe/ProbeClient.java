package dev.probefleet.probe;

import dev.probefleet.model.PathObservation;
import dev.probefleet.probe.internal.DnsjavaResolver;
import dev.probefleet.probe.internal.PathProber;
import dev.probefleet.probe.internal.Priming;
import dev.probefleet.probe.internal.RequestIds;
import dev.probefleet.probe.internal.RoundContext;
import dev.probefleet.probe.internal.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The probe client. Immutable once built and safe to share: every probe of a client, from any
 * thread, draws on one bound of open connections.
 *
 * <p>{@link #probe} runs one task — one path of one target, a single request or a burst — and
 * returns its {@link PathObservation}; a failed probe is an observation with a failing class, never
 * an exception. {@link #round} runs many tasks at once, each on its own virtual thread, and returns
 * an entry for every task in task order, whether it was observed, could not start before the round
 * deadline, or hit a bug in the client.
 *
 * <pre>{@code
 * ProbeClient client = ProbeClient.builder().maxOpenConnections(512).build();
 * RoundOutcome outcome = client.round(tasks, invocationDeadline.minusSeconds(5));
 * }</pre>
 */
public final class ProbeClient {
  /** {@code probefleet/<version> (synthetic probe)}. */
  public static final String DEFAULT_USER_AGENT = "probefleet/" + version() + " (synthetic probe)";

  /** Estimated CPU of a warm HTTPS request with native crypto (measured 0.8–1 ms on 2 cores). */
  static final double TLS_PROBE_CPU_MILLIS = 1.0;

  /** The same on the JDK's own crypto (measured 2.2 ms with C2, 4.2 ms with C1 alone). */
  static final double TLS_PROBE_CPU_MILLIS_JDK = 3.0;

  /** Estimated CPU of a warm plain-HTTP request. */
  static final double PLAIN_PROBE_CPU_MILLIS = 0.25;

  /**
   * The share of the CPUs a spread round's probes are planned to take: a quarter leaves room for
   * what else runs (a fresh JVM's compiler, the collector, the writes) so that a handshake rarely
   * waits for a CPU.
   */
  static final double SPREAD_UTILISATION = 1.0 / 4;

  private final Settings settings;
  private final Duration roundGrace;
  private volatile boolean primed;
  private final PathProber prober;

  private ProbeClient(Builder builder) {
    this.settings =
        new Settings(
            builder.resolver != null ? builder.resolver : DnsjavaResolver.system(),
            builder.userAgent,
            builder.headerLimit,
            builder.captureLimit,
            builder.drainLimit,
            builder.defaultTimeout,
            builder.maxOpenConnections,
            new Semaphore(builder.maxOpenConnections, true),
            builder.minimumBudget,
            builder.clock,
            builder.cpus,
            new Semaphore(handshakesFor(builder.cpus), true),
            NativeCrypto.fastEcdh());
    this.roundGrace = builder.roundGrace;
    this.prober = new PathProber(settings);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Probes one task. The deadline of each request is the earlier of the path's timeout (or {@link
   * Builder#defaultTimeout}) and {@code deadline}.
   *
   * @param task what to probe
   * @param deadline the latest any request may end, e.g. the round's deadline
   * @return the path's samples (fewer than the burst asked for if the deadline came first)
   * @throws ProbeNotStartedException when the first request could not start before the deadline
   * @throws InvalidCaBundleException when the path's CA bundle holds no certificate
   */
  public PathObservation probe(ProbeTask task, Instant deadline) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(deadline, "deadline");
    return prober.probe(task, deadline, RequestIds.random()).observation();
  }

  /**
   * Probes every task concurrently, each on a virtual thread, under the connection bound, all
   * starting at once. Returns once every task has ended; a task still running {@linkplain
   * Builder#roundGrace a grace period} after the round deadline is interrupted and reported as an
   * internal failure, so the call returns by then whatever the tasks do.
   *
   * @param tasks the round's tasks
   * @param roundDeadline when the round must be over (e.g. the invocation's remaining time minus a
   *     margin)
   * @return one entry per task, in task order
   */
  public RoundOutcome round(List<ProbeTask> tasks, Instant roundDeadline) {
    return round(tasks, roundDeadline, Duration.ZERO);
  }

  /**
   * Probes every task as {@link #round(List, Instant)} does, but spreads their starts over a window
   * of at most {@code spreadAtMost}, as Prometheus spreads its scrapes over the interval: each task
   * starts at a stable offset into the window, drawn from a hash of its target and path label, so a
   * path is probed at the same point of every round and the handshakes of a large round never all
   * land on the CPUs at once. The window is what the round's probes need, not more: their estimated
   * CPU ({@link #spreadFor}) taking a quarter of {@link Builder#cpus the CPUs} — a few milliseconds
   * for one target, about 6 s for 3,000 HTTPS probes on 2 cores with native crypto — and never
   * later than leaves a task its whole timeout before the round deadline.
   *
   * <p>The round is watched: the outcome carries the prober's {@link ProberLoad}, and a failure
   * seen while the prober was saturated is retried once, or reported as {@link
   * RoundOutcome.ProberOverloaded}, never as the target's (see {@code RoundContext}).
   *
   * @param spreadAtMost the longest the starts may be spread over (e.g. a quarter of the interval)
   */
  public RoundOutcome round(List<ProbeTask> tasks, Instant roundDeadline, Duration spreadAtMost) {
    Objects.requireNonNull(roundDeadline, "roundDeadline");
    Objects.requireNonNull(spreadAtMost, "spreadAtMost");
    return round(tasks, roundDeadline, spreadAtMost, RequestIds.random());
  }

  private RoundOutcome round(List<ProbeTask> tasks, Instant roundDeadline, RequestIds ids) {
    return round(tasks, roundDeadline, Duration.ZERO, ids);
  }

  private RoundOutcome round(
      List<ProbeTask> tasks, Instant roundDeadline, Duration spreadAtMost, RequestIds ids) {
    List<ProbeTask> work = List.copyOf(tasks);
    List<RoundOutcome.Entry> entries = new ArrayList<>(work.size());
    Duration spread = spreadFor(work, spreadAtMost);
    long startNanos = System.nanoTime();
    Instant startWall = settings.clock().instant();
    ExecutorService executor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("probefleet-probe-", 0).factory());
    try (RoundContext context = RoundContext.watched(settings.cpus())) {
      try {
        List<Future<RoundOutcome.Entry>> futures = new ArrayList<>(work.size());
        for (ProbeTask task : work) {
          long offset = offsetNanos(task, spread, startWall, roundDeadline);
          futures.add(
              executor.submit(
                  () -> {
                    waitUntil(startNanos + offset);
                    return guarded(task, roundDeadline, ids, context);
                  }));
        }
        // Even a round whose deadline has passed waits a grace period from its start: its tasks
        // need a moment to find out and report themselves not started.
        Instant now = settings.clock().instant();
        Instant giveUp =
            roundDeadline.isAfter(now) ? roundDeadline.plus(roundGrace) : now.plus(roundGrace);
        for (int i = 0; i < work.size(); i++) {
          entries.add(await(work.get(i), futures.get(i), giveUp, context));
        }
      } finally {
        executor.shutdownNow();
      }
      int overloaded =
          (int) entries.stream().filter(RoundOutcome.ProberOverloaded.class::isInstance).count();
      return new RoundOutcome(entries, context.load(overloaded), spread);
    }
  }

  /**
   * The window a round of these tasks is spread over: their estimated CPU — per request, {@value
   * #TLS_PROBE_CPU_MILLIS} ms for HTTPS with native crypto ({@value #TLS_PROBE_CPU_MILLIS_JDK} ms
   * on the JDK's), {@value #PLAIN_PROBE_CPU_MILLIS} ms for plain HTTP, about what a warm probe
   * measured here (README, "Benchmarks") — over a quarter of the CPUs, at most {@code atMost}.
   */
  Duration spreadFor(List<ProbeTask> tasks, Duration atMost) {
    if (atMost.isNegative() || atMost.isZero() || tasks.size() < 2) {
      return Duration.ZERO;
    }
    double cpuMillis = 0;
    for (ProbeTask task : tasks) {
      double each =
          task.path().tls()
              ? settings.nistGroupsOnly() ? TLS_PROBE_CPU_MILLIS : TLS_PROBE_CPU_MILLIS_JDK
              : PLAIN_PROBE_CPU_MILLIS;
      cpuMillis += each * task.burst().requests();
    }
    long windowNanos = (long) (cpuMillis * 1e6 / (settings.cpus() * SPREAD_UTILISATION));
    return windowNanos < atMost.toNanos() ? Duration.ofNanos(windowNanos) : atMost;
  }

  /** A task's start into the round: its stable fraction of the window, leaving it its timeout. */
  private long offsetNanos(ProbeTask task, Duration spread, Instant start, Instant deadline) {
    if (spread.isZero()) {
      return 0;
    }
    long offset = (long) (spreadFraction(task) * spread.toNanos());
    Duration timeout = task.path().timeout().orElse(settings.defaultTimeout());
    long latest =
        Duration.between(start, deadline).minus(timeout).minus(settings.minimumBudget()).toNanos();
    return Math.max(0, Math.min(offset, latest));
  }

  /**
   * A task's place in the window, in [0, 1): a hash of its target and path label (FNV-1a, then
   * SplitMix64's finaliser for the high bits), the same in every round and every process.
   */
  static double spreadFraction(ProbeTask task) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : (task.target() + "\n" + task.path().label()).getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
    hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
    hash = hash ^ (hash >>> 31);
    return (hash >>> 11) * 0x1.0p-53;
  }

  private static void waitUntil(long nanoTime) {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /**
   * Runs this client's request path against a loopback server of its own, so that the first real
   * round finds it loaded, linked and compiled: call it once at container start, or from a CRaC /
   * Lambda SnapStart {@code beforeCheckpoint} hook, before the first round. It sends about 850
   * requests and takes two to three seconds on 2 cores (more on a busy machine, never more than 8
   * s; see {@link PrimingReport#took()}).
   *
   * <p>Why (measured in fresh JVMs on 2 cores, README "Benchmarks"): the first round of a fresh JVM
   * loads some 380 classes for the plain-HTTP path (1,500 more for TLS) and links their lambdas and
   * string concatenations, runs the path interpreted, and has the JIT compile it on threads that
   * compete for the same cores (160–260 ms of compiler time during a 90-probe round). Virtual
   * threads are not time-sliced: while one carrier loads classes or interprets for one probe, the
   * first bytes of other probes wait for it, and probes that start late send their requests after
   * the first answers are already due. That is the {@code ttfb} tail of a fresh process (p99 20–60
   * ms where a warm round has 5); a JVM left to itself loses it by about its sixth round. Priming
   * does that work here, in four steps:
   *
   * <ol>
   *   <li><b>One plain request of every answer shape, in turn, on the calling thread</b> ({@code
   *       Content-Length}, chunked with extensions and a trailer, close-delimited, a {@code 100
   *       Continue} before the answer, a 503 page, a redirect, a two-request keep-alive burst):
   *       loads and initialises the classes of the IP-literal path, the connect, the request
   *       encoder, every framing of the incremental parser, the body sink, the result and its
   *       failure classes, and links their call sites, one thread at a time, so that the next step
   *       does not queue on class initialisation.
   *   <li><b>Eight rounds of 64 concurrent plain probes through {@link #round}</b>, each answer
   *       held back 1–2 ms so that every read really parks: starts the virtual-thread scheduler's
   *       carriers and the socket pollers, parks and wakes readers through them as a real round
   *       does, exercises the connection bound's semaphore and the deadline watchdog's timer under
   *       contention, and runs the path often enough for the JIT to compile it (C1 at least) before
   *       the first real round rather than during it.
   *   <li><b>DNS, when the client resolves through dnsjava</b> (its default): two probes, then two
   *       rounds of 32, naming a host under {@code .invalid} that a resolver of the same settings
   *       asks of a DNS responder in this process (127.0.0.1, UDP, an A record of 127.0.0.1): loads
   *       dnsjava's message, record and NIO client classes (260–350 classes and 140–160 ms for a
   *       fresh JVM's first resolution) and compiles the resolver's path. dnsjava's selector
   *       thread, if priming started it, is closed again; the first real query restarts it.
   *   <li><b>TLS: the same shapes over HTTPS in turn, then four rounds of 64 concurrent
   *       handshakes</b>, with verification off against a throwaway EC key made for this call:
   *       loads and initialises JSSE, the key exchange and cipher code, the certificate parser and
   *       PKIX path building, and builds this client's system trust store (parsing every system
   *       root) once — 1–2 s of CPU a fresh JVM's first HTTPS round would otherwise spend while its
   *       answers arrive.
   * </ol>
   *
   * <p>Only 127.0.0.1 is contacted: the servers are bound there, on free ports, in this process.
   * Side-effect free: the servers, their connections and threads, and the rounds' connections and
   * executors are all closed before this returns; no socket, thread pool or cached connection is
   * left, and the connection bound is whole again. What stays is what any round would leave: the
   * JDK's virtual-thread scheduler and pollers (daemon threads, and on Linux the pollers' own
   * socket pair), an idle common-pool worker (dnsjava completes its queries there), the client's
   * deadline watchdog thread, and this client's parsed system trust store (the same for every
   * environment). Nothing unique is captured: the priming requests carry fixed request ids, and a
   * round draws its ids' random bits when it starts, never before, so no random generator of the
   * client's own is seeded here. The TLS step does draw from the JDK's default {@code
   * SecureRandom}, as any handshake does; on Linux that is {@code NativePRNG}, which mixes fresh
   * {@code /dev/urandom} bytes into every output, so what it holds in a snapshot is not replayed by
   * the copies restored from it.
   *
   * <p>Not to be run while a round of this client is in flight (its probes would share the
   * connection bound with the priming requests). Safe to call more than once.
   *
   * @return what priming did and how long it took; a server that cannot listen on 127.0.0.1 is
   *     reported there, never thrown
   */
  public PrimingReport prime() {
    return prime(Priming.MAX_BUDGET);
  }

  /**
   * {@link #prime()} within a time budget (at most 8 s): requests it has no time left for are not
   * sent and steps not begun by then are skipped, so a process short of time or CPU primes only
   * part of the path and the report says so. A Lambda function's init phase passes what is left of
   * Lambda's 10 s limit on it.
   */
  public PrimingReport prime(Duration budget) {
    Objects.requireNonNull(budget, "budget");
    if (budget.isNegative()) {
      throw new IllegalArgumentException("budget must not be negative, got " + budget);
    }
    PrimingReport report = Priming.run(settings, prober, this::round, budget);
    primed = true;
    return report;
  }

  /** Whether {@link #prime} has run on this client. */
  public boolean primed() {
    return primed;
  }

  private RoundOutcome.Entry guarded(
      ProbeTask task, Instant roundDeadline, RequestIds ids, RoundContext context) {
    try {
      PathProber.Result result = prober.probe(task, roundDeadline, ids, context);
      return new RoundOutcome.Observed(task, result.observation(), result.samplesNotRun());
    } catch (ProbeNotStartedException e) {
      return new RoundOutcome.NotStarted(task, e.getMessage());
    } catch (ProberOverloadedException e) {
      return new RoundOutcome.ProberOverloaded(task, e.reason());
    } catch (Throwable e) {
      // A bug in one task must not end the round: it becomes that task's entry.
      return new RoundOutcome.InternalFailure(task, describe(e), e);
    }
  }

  private RoundOutcome.Entry await(
      ProbeTask task, Future<RoundOutcome.Entry> future, Instant giveUp, RoundContext context) {
    long waitNanos = Math.max(0, Duration.between(settings.clock().instant(), giveUp).toNanos());
    try {
      return future.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      long lateness = context.recentLateness(roundGrace.plusSeconds(1));
      if (lateness >= RoundContext.MIN_THRESHOLD.toNanos()) {
        // Not a hung task: one that could not run, because the prober could not run it.
        return new RoundOutcome.ProberOverloaded(
            task,
            "still running "
                + roundGrace.toMillis()
                + " ms after the round deadline while the prober's own timer was "
                + lateness / 1_000_000
                + " ms late; interrupted");
      }
      return new RoundOutcome.InternalFailure(
          task,
          task.label()
              + " still running "
              + roundGrace.toMillis()
              + " ms after the round deadline; interrupted",
          null);
    } catch (ExecutionException e) {
      return new RoundOutcome.InternalFailure(task, describe(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return new RoundOutcome.InternalFailure(task, "the round was interrupted", e);
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * A bound on probes in flight for a prober with this much CPU (in CPUs; a Lambda function has
   * memory / 1,769 MB of one): 60 per CPU, at least 8, at most 512. A warm HTTPS path-probe costs
   * about 8.4 ms of CPU here (a full handshake, the parse, the fingerprint and its share of the
   * round's writes; README, "Targets per probe invocation"), so 60 in flight per CPU keep the CPU
   * the probes in flight can ask for at once within about half a second. Far more in flight than
   * the CPU can serve is the prober overloading itself: under a third of a CPU, 512 concurrent
   * handshakes outlasted their 10 s timeouts, and a timeout blames the target.
   */
  public static int maxOpenConnectionsFor(double cpus) {
    if (!(cpus > 0) || Double.isInfinite(cpus)) {
      throw new IllegalArgumentException("cpus must be a positive number, got " + cpus);
    }
    return (int) Math.max(8, Math.min(512, Math.round(60 * cpus)));
  }

  /**
   * The bound on TLS handshakes (with their connects) in flight for a prober with this much CPU: 64
   * per CPU, at least 16. A handshake is about a millisecond of CPU spread over two round trips;
   * across a continent those take 100–200 ms, so a tight bound would throttle a round to a few
   * dozen handshakes a second. This one only stops a round that is not spread (or a burst of
   * offsets) from putting hundreds of handshakes on the CPUs at once, which makes each one slower
   * and has the probe report the prober's queue as the target's TLS time; the spread keeps the CPU
   * the handshakes need within the machine's means.
   */
  public static int handshakesFor(double cpus) {
    if (!(cpus > 0) || Double.isInfinite(cpus)) {
      throw new IllegalArgumentException("cpus must be a positive number, got " + cpus);
    }
    return (int) Math.max(16, Math.min(512, Math.round(64 * cpus)));
  }

  /** The CPUs this client counts on. */
  public double cpus() {
    return settings.cpus();
  }

  /** The bound on open connections. */
  public int maxOpenConnections() {
    return settings.maxOpenConnections();
  }

  /** A probe's deadline when its path sets none. */
  public Duration defaultTimeout() {
    return settings.defaultTimeout();
  }

  /** The {@code User-Agent} sent. */
  public String userAgent() {
    return settings.userAgent();
  }

  private static String version() {
    try (InputStream in = ProbeClient.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /** Settings for a new client; every one has a default. */
  public static final class Builder {
    private HostResolver resolver;
    private String userAgent = DEFAULT_USER_AGENT;
    private int headerLimit = 64 * 1024;
    private int captureLimit = 64 * 1024;
    private long drainLimit = 1024 * 1024;
    private Duration defaultTimeout = Duration.ofSeconds(10);
    private int maxOpenConnections = 512;
    private Duration minimumBudget = Duration.ofMillis(200);
    private Duration roundGrace = Duration.ofMillis(500);
    private Clock clock = Clock.systemUTC();
    private double cpus = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /**
     * The CPUs the prober counts on (default: the processors the JVM sees). A Lambda function
     * passes its memory size's share (memory / 1,769 MB), which the JVM does not see. Sets the
     * handshake bound ({@link #handshakesFor}) and how widely a round is spread.
     */
    public Builder cpus(double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("cpus must be a positive number, got " + value);
      }
      this.cpus = value;
      return this;
    }

    /** How host names are resolved (default {@link HostResolver#system()}). */
    public Builder resolver(HostResolver value) {
      this.resolver = Objects.requireNonNull(value, "resolver");
      return this;
    }

    /** The {@code User-Agent} (default {@link #DEFAULT_USER_AGENT}). */
    public Builder userAgent(String value) {
      Objects.requireNonNull(value, "userAgent");
      if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("userAgent must be non-blank printable text");
      }
      this.userAgent = value;
      return this;
    }

    /**
     * The most bytes a response's header block may take, any interim (1xx) heads before it included
     * (default 64 KiB); more is {@code OVERSIZED_HEADER}.
     */
    public Builder headerLimit(int bytes) {
      this.headerLimit = positive("headerLimit", bytes);
      return this;
    }

    /** Body bytes kept for fingerprints and assertions (default 64 KiB). */
    public Builder bodyCaptureLimit(int bytes) {
      this.captureLimit = (int) notNegative("bodyCaptureLimit", bytes);
      return this;
    }

    /**
     * Body bytes read and dropped past the captured ones (default 1 MiB); a longer body stops being
     * read and its connection is closed, which is no failure of the target.
     */
    public Builder drainLimit(long bytes) {
      this.drainLimit = notNegative("drainLimit", bytes);
      return this;
    }

    /** A probe's deadline when its path sets no {@code timeout} (default 10 s). */
    public Builder defaultTimeout(Duration value) {
      Objects.requireNonNull(value, "defaultTimeout");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("defaultTimeout must be positive, got " + value);
      }
      this.defaultTimeout = value;
      return this;
    }

    /**
     * The bound on connections open at once, DNS queries included (default 512, below Lambda's
     * 1,024 file descriptors).
     */
    public Builder maxOpenConnections(int value) {
      this.maxOpenConnections = positive("maxOpenConnections", value);
      return this;
    }

    /**
     * A request does not start with less than this left before the round deadline (default 200 ms):
     * it could only end in a timeout that blames the target for the round's own end.
     */
    public Builder minimumProbeBudget(Duration value) {
      Objects.requireNonNull(value, "minimumProbeBudget");
      if (value.isNegative()) {
        throw new IllegalArgumentException("minimumProbeBudget must not be negative, got " + value);
      }
      this.minimumBudget = value;
      return this;
    }

    /**
     * How long past the round deadline {@link #round} waits for a task before interrupting it
     * (default 500 ms). Probes end by their deadline; this only bounds a bug.
     */
    public Builder roundGrace(Duration value) {
      Objects.requireNonNull(value, "roundGrace");
      if (value.isNegative()) {
        throw new IllegalArgumentException("roundGrace must not be negative, got " + value);
      }
      this.roundGrace = value;
      return this;
    }

    /**
     * The wall clock for probe start times, certificate validity and deadlines (default UTC system
     * clock); it must advance, as deadlines are read from it.
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public ProbeClient build() {
      return new ProbeClient(this);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + value);
      }
      return value;
    }

    private static long notNegative(String name, long value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative, got " + value);
      }
      return value;
    }
  }
}
