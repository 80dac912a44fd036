package dev.probefleet.cli;

import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.cli.board.BoardAddress;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.model.Target;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.run.RoundLoop;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.StatusStore;
import dev.probefleet.store.TargetRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The fleet run in this process, as {@code run} and {@code lab} host it: the composition root
 * started with the options' store and schedule, the targets applied to its registry, then a {@link
 * RoundLoop} over the probe and analyzer services until it is stopped or has run its rounds. What a
 * round shows goes to the view the options chose, and to any extra listener a command adds (the
 * lab's script).
 */
final class FleetRun {
  private final RunOptions options;
  private final FleetProperties properties = new FleetProperties();
  private final Optional<BoardAddress> board;
  private RoundLoop loop; // guarded by this
  private boolean stopped; // guarded by this

  FleetRun(RunOptions options) {
    options.check();
    this.options = options;
    options.configure(properties, options.region);
    properties.flag("--region", "probefleet.region", options.region);
    properties.set("probefleet.interval", options.interval.toMillis() + "ms");
    properties.flag("--region", "probefleet.analyzer.expected-regions", options.region);
    properties.set("probefleet.analyzer.grace", "0s");
    properties.set("probefleet.alerts.console", "true");
    properties.set(
        "probefleet.alerts.console-stream",
        options.output == RunOptions.Output.json ? "stderr" : "stdout");
    properties.flag("--sns-topic-arn", "probefleet.alerts.topic-arn", options.topicArn);
    properties.flag("--resolver", "probefleet.probe.resolver", options.resolver);
    properties.set("probefleet.metrics.kind", "prometheus");
    board = options.board();
    board.ifPresent(b -> b.properties().forEach(properties::set));
    // Time kept for writing and the fast confirmation's back-off shrink with short intervals.
    Duration probing = options.interval.multipliedBy(3).dividedBy(4);
    properties.set(
        "probefleet.probe.write-reserve",
        min(Duration.ofSeconds(5), probing.dividedBy(5)).toMillis() + "ms");
    properties.set(
        "probefleet.probe.confirmation-delay",
        min(Duration.ofSeconds(3), probing.dividedBy(5)).toMillis() + "ms");
  }

  /** A property of the composition root that a command decides (fingerprint rules, the lab's). */
  FleetRun set(String property, Object value) {
    properties.set(property, value);
    return this;
  }

  /**
   * Runs until stopped (Ctrl-C) or the options' rounds are done: the round in flight finishes, then
   * the store closes.
   *
   * @param source where the targets came from, for the first line
   * @param extra listeners after the view (a script that acts between rounds)
   * @return the rounds run
   */
  int run(
      TargetsConfig targets,
      String source,
      PrintWriter out,
      PrintWriter err,
      List<RoundLoop.Listener> extra) {
    return run(targets, source, out, err, extra, fleet -> {});
  }

  /**
   * {@link #run(TargetsConfig, String, PrintWriter, PrintWriter, List)}, then {@code afterRounds}
   * with the fleet still open (the lab prints its incident history from the store) — also after
   * Ctrl-C, before the store closes.
   */
  int run(
      TargetsConfig targets,
      String source,
      PrintWriter out,
      PrintWriter err,
      List<RoundLoop.Listener> extra,
      Consumer<Fleet> afterRounds) {
    properties.fingerprintRules(targets);
    List<String> names = targets.targets().stream().map(Target::name).toList();
    // The live view takes stdout and stderr before the fleet starts: the console alerts print to
    // the stream they find when they are built, and must land in the view rather than tear it.
    Optional<TerminalView> view =
        liveView()
            ? TerminalView.open(
                new FleetScreen(names, options.interval, options.describe()),
                Clock.systemUTC(),
                System.getenv())
            : Optional.empty();
    // Ctrl-C: the round in flight finishes (or a wait for the next one ends), then the store
    // closes — the local store's files closed and its endpoint withdrawn; the JVM exits once this
    // hook returns, so it waits for all of that, then gives the terminal back as it was.
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop();
              try {
                closed.await(options.interval.toMillis() + 10_000, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              view.ifPresent(TerminalView::close);
            },
            "probefleet-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Fleet fleet = properties.start()) {
      properties.get(fleet, TargetRegistry.class).apply(targets.targets(), true);
      RoundLoop started =
          new RoundLoop(
              properties.get(fleet, ProbeService.class),
              properties.get(fleet, AnalyzerService.class),
              options.region,
              options.interval,
              Clock.systemUTC());
      synchronized (this) {
        loop = started;
        if (stopped) {
          started.stop();
        }
      }
      err.println(
          "run: "
              + targets.targets().size()
              + " target(s) from "
              + source
              + ", a round every "
              + options.interval.toMillis() / 1000.0
              + " s, store "
              + options.describe()
              + "; Ctrl-C to stop");
      err.flush();
      Optional<String> boardUrl = board.flatMap(b -> serve(fleet, b, err));
      boardUrl.ifPresent(url -> view.ifPresent(v -> v.board(url)));
      List<RoundLoop.Listener> listeners = new ArrayList<>();
      if (view.isPresent()) {
        view.get().openIncidents(openIncidents(fleet, names));
        listeners.add(view.get());
      } else {
        listeners.add(
            options.output == RunOptions.Output.json ? new JsonLines(out) : new TextLines(out));
      }
      listeners.addAll(extra);
      view.ifPresent(TerminalView::show);
      int rounds;
      try {
        rounds = started.run(options.rounds, RoundLoop.Listener.all(listeners));
      } finally {
        view.ifPresent(TerminalView::close);
      }
      afterRounds.accept(fleet);
      return rounds;
    } finally {
      closed.countDown();
      view.ifPresent(TerminalView::close);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the JVM is shutting down, and the hook is what stopped the loop.
      }
    }
  }

  /**
   * The live view replaces the text lines when stdout is a terminal, unless {@code --no-tty} or
   * {@code --output json} says otherwise ({@link TerminalView#open} answers empty when it is not).
   */
  private boolean liveView() {
    return options.output == RunOptions.Output.text && !options.noTty;
  }

  /**
   * The incident open per target as the store has it: a restarted run shows them from the start.
   */
  private Map<String, String> openIncidents(Fleet fleet, List<String> names) {
    Map<String, String> open = new HashMap<>();
    properties
        .get(fleet, StatusStore.class)
        .statuses(names)
        .forEach((name, status) -> status.open().ifPresent(o -> open.put(name, o.id())));
    return open;
  }

  /**
   * Starts the Netty server of the fleet's own context: the query API's controllers, the board's
   * page and assets, /metrics. A busy default port is a warning (the fleet still runs); a busy port
   * the user chose is a usage error.
   */
  private static Optional<String> serve(Fleet fleet, BoardAddress address, PrintWriter err) {
    EmbeddedServer server = fleet.context().getBean(EmbeddedServer.class);
    try {
      server.start();
    } catch (RuntimeException e) {
      String why = rootMessage(e);
      if (address.chosen()) {
        throw new UsageException(
            "--http " + address.host() + ":" + address.port() + ": cannot listen: " + why);
      }
      err.println(
          "run: no web board: cannot listen on "
              + BoardAddress.DEFAULT
              + " ("
              + why
              + "); choose another address with --http HOST:PORT, or --http off");
      err.flush();
      return Optional.empty();
    }
    String url =
        "http://"
            + (address.host().contains(":") ? "[" + address.host() + "]" : address.host())
            + ":"
            + server.getPort()
            + "/";
    err.println(
        "run: web board at "
            + url
            + " (query API under /v1, Prometheus metrics at /metrics)"
            + (address.loopback() ? "" : exposedWarning(address)));
    err.flush();
    return Optional.of(url);
  }

  /**
   * The warning for an address beyond loopback, which only an explicit {@code --http} gives: the
   * board, the query API and /metrics have no authentication, so whoever reaches the address reads
   * the fleet's targets, incidents and metrics.
   */
  static String exposedWarning(BoardAddress address) {
    return " — WARNING: exposed: listening on "
        + address.host()
        + ", not loopback, and the board, the query API and /metrics have no authentication:"
        + " anyone who can reach this address can read them (the default, "
        + BoardAddress.DEFAULT
        + ", keeps them on this machine)";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  /** Ends the run as Ctrl-C does: the round in flight finishes, then {@link #run} returns. */
  synchronized void stop() {
    stopped = true;
    if (loop != null) {
      loop.stop();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
