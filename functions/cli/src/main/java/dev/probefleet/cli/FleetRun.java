package dev.probefleet.cli;

import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.model.Target;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.run.RoundLoop;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.StatusStore;
import dev.probefleet.store.TargetRegistry;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

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

  FleetRun(RunOptions options) {
    options.check();
    this.options = options;
    store(options.store.trim());
    properties.set("probefleet.region", options.region);
    properties.set("probefleet.home-region", homeRegion());
    properties.set("probefleet.interval", options.interval.toMillis() + "ms");
    properties.set("probefleet.analyzer.expected-regions", options.region);
    properties.set("probefleet.analyzer.grace", "0s");
    properties.set("probefleet.alerts.console", "true");
    properties.set(
        "probefleet.alerts.console-stream",
        options.output == RunOptions.Output.json ? "stderr" : "stdout");
    properties.flag("--sns-topic-arn", "probefleet.alerts.topic-arn", options.topicArn);
    properties.flag("--resolver", "probefleet.probe.resolver", options.resolver);
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
    targets
        .fingerprintRules()
        .ifPresent(
            rules -> {
              properties.set("probefleet.fingerprint.rules", rules.content());
              properties.set("probefleet.fingerprint.rules-source", rules.source());
            });
    String store =
        options.store
            + (options.store.trim().equals("local")
                ? " (" + options.data.toAbsolutePath() + ")"
                : "");
    List<String> names = targets.targets().stream().map(Target::name).toList();
    // The live view takes stdout and stderr before the fleet starts: the console alerts print to
    // the stream they find when they are built, and must land in the view rather than tear it.
    Optional<TerminalView> view =
        liveView()
            ? TerminalView.open(
                new FleetScreen(names, options.interval, store), Clock.systemUTC(), System.getenv())
            : Optional.empty();
    try (Fleet fleet = properties.start()) {
      properties.get(fleet, TargetRegistry.class).apply(targets.targets(), true);
      RoundLoop loop =
          new RoundLoop(
              properties.get(fleet, ProbeService.class),
              properties.get(fleet, AnalyzerService.class),
              options.region,
              options.interval,
              Clock.systemUTC());
      err.println(
          "run: "
              + targets.targets().size()
              + " target(s) from "
              + source
              + ", a round every "
              + options.interval.toMillis() / 1000.0
              + " s, store "
              + store
              + "; Ctrl-C to stop");
      err.flush();
      List<RoundLoop.Listener> listeners = new ArrayList<>();
      if (view.isPresent()) {
        view.get().openIncidents(openIncidents(fleet, names));
        listeners.add(view.get());
      } else {
        listeners.add(
            options.output == RunOptions.Output.json ? new JsonLines(out) : new TextLines(out));
      }
      listeners.addAll(extra);
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                loop.stop();
                try {
                  // The round in flight ends by its slot's end; then the store closes.
                  finished.await(options.interval.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                // Whatever happened to the round, the terminal is given back as it was.
                view.ifPresent(TerminalView::close);
              },
              "probefleet-run-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      view.ifPresent(TerminalView::show);
      try {
        return loop.run(options.rounds, RoundLoop.Listener.all(listeners));
      } finally {
        view.ifPresent(TerminalView::close);
        finished.countDown();
        if (!loop.stopping()) {
          Runtime.getRuntime().removeShutdownHook(hook);
        }
      }
    } finally {
      view.ifPresent(TerminalView::close);
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

  private void store(String kind) {
    if (kind.equals("local")) {
      properties.set("probefleet.store.kind", "local");
      properties.set("probefleet.store.data-dir", options.data.toString());
    } else if (kind.equals("memory")) {
      properties.set("probefleet.store.kind", "memory");
    } else if (kind.equals("aws")) {
      properties.set("probefleet.store.kind", "dynamodb");
    } else if (kind.startsWith("endpoint=") && kind.length() > "endpoint=".length()) {
      properties.set("probefleet.store.kind", "dynamodb");
      properties.flag("--store", "probefleet.aws.endpoint", kind.substring("endpoint=".length()));
    } else {
      throw new UsageException(
          "--store: '" + options.store + "' is not one of local, memory, aws, endpoint=URL");
    }
  }

  /**
   * Where the tables (and the topic's client) live: with {@code --store aws}, the region of the
   * default provider chain (AWS_REGION, the profile); elsewhere the probing region, or us-east-1
   * for the default region name {@code local} (emulators take any).
   */
  private String homeRegion() {
    if (options.store.trim().equals("aws")) {
      try {
        return new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (SdkClientException e) {
        throw new UsageException(
            "--store aws: no AWS region configured (set AWS_REGION or a profile's region)");
      }
    }
    return options.region.equals("local") ? "us-east-1" : options.region;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
