package dev.probefleet.cli;

import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.run.RoundLoop;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.TargetRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
  private final Object loopLock = new Object();
  private RoundLoop loop;
  private boolean stopRequested;

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
    targets
        .fingerprintRules()
        .ifPresent(
            rules -> {
              properties.set("probefleet.fingerprint.rules", rules.content());
              properties.set("probefleet.fingerprint.rules-source", rules.source());
            });
    // Ctrl-C: the round in flight finishes (or a wait for the next one ends), then the store
    // closes; the JVM exits once this hook returns, so it waits for all of that.
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop();
              try {
                closed.await(options.interval.toMillis() + 5_000, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "probefleet-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Fleet fleet = properties.start()) {
      properties.get(fleet, TargetRegistry.class).apply(targets.targets(), true);
      RoundLoop loop =
          new RoundLoop(
              properties.get(fleet, ProbeService.class),
              properties.get(fleet, AnalyzerService.class),
              options.region,
              options.interval,
              Clock.systemUTC());
      synchronized (loopLock) {
        this.loop = loop;
        if (stopRequested) {
          loop.stop();
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
              + options.store
              + (options.store.trim().equals("local")
                  ? " (" + options.data.toAbsolutePath() + ")"
                  : "")
              + "; Ctrl-C to stop");
      err.flush();
      List<RoundLoop.Listener> listeners = new ArrayList<>();
      listeners.add(
          options.output == RunOptions.Output.json ? new JsonLines(out) : new TextLines(out));
      listeners.addAll(extra);
      int rounds = loop.run(options.rounds, RoundLoop.Listener.all(listeners));
      afterRounds.accept(fleet);
      return rounds;
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Ctrl-C: the JVM is shutting down, and the hook is what stopped the loop.
      }
    }
  }

  /**
   * Ends the run as Ctrl-C does, from within (a listener that has seen what it waited for): the
   * round in flight finishes, no other starts.
   */
  void stop() {
    synchronized (loopLock) {
      stopRequested = true;
      if (loop != null) {
        loop.stop();
      }
    }
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
