package dev.probefleet.cli;

import dev.probefleet.api.model.IncidentView;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.incident.IncidentPolicy;
import dev.probefleet.lab.Lab;
import dev.probefleet.store.IncidentHistory;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probefleet lab}: the demo. Starts the in-process fault lab, runs the fleet against it as
 * {@code run} would ({@link FleetRun}), and walks the {@link LabScript}: a healthy start, four
 * faults each held until its incident opens and then repaired until it resolves, healthy again;
 * then prints the incident history. Exit status 0 when every step went as expected, 1 otherwise.
 */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    modelTransformer = LabCommand.LabOptions.class,
    description = {
      "The demo: start a built-in CDN -> load balancer -> origin topology on this machine, run the"
          + " fleet against it and break it in four ways, one after the other (the origin's"
          + " application dies; the load balancer is pointed at a wrong port; the CDN's TLS to the"
          + " load balancer breaks; the origin gets slower than the load balancer's timeout)."
          + " Each time, watch an incident open with its layer and cause, its alert with the"
          + " runbook, then its resolution once the fault is repaired. Ends with the incident"
          + " history. About two minutes.",
      "",
      "Examples:",
      "  probefleet lab                        # a round every 5 s, nothing kept",
      "  probefleet lab --store local          # keep the history under ./lab-data",
      "  probefleet lab --fast                 # a round every 2 s (the tests' pace)"
    },
    footer = {
      "",
      "Rounds, alerts and the history go to stdout, the script's narration (lab: step …) to"
          + " stderr. Ctrl-C stops the demo and the lab. Exit status: 0 every step went as"
          + " expected; 1 a step did not (stderr says which); 2 bad usage; 3 an internal error."
    })
final class LabCommand implements Callable<Integer> {
  private static final int HISTORY_LIMIT = 100;

  /** The round interval of the demo: about two minutes for the whole script. */
  static final Duration DEMO_INTERVAL = Duration.ofSeconds(5);

  /** The shortest interval the script runs reliably at on a loaded machine. */
  static final Duration FAST_INTERVAL = Duration.ofSeconds(2);

  @Option(
      names = "--fast",
      description = "A round every 2 s instead of 5 s: the whole script in about a minute.")
  boolean fast;

  @Mixin RunOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (fast) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--interval")) {
        throw new UsageException("--fast sets the interval: give --fast or --interval, not both");
      }
      options.interval = FAST_INTERVAL;
    }
    String store = options.store.trim();
    if (!store.equals("memory") && !store.equals("local")) {
      // The lab registers its own loopback target in place of the store's targets.
      throw new UsageException(
          "--store: the lab keeps its history in memory or local (under --data), not '"
              + options.store
              + "': it would replace the targets of a shared store with its own");
    }
    options.check();
    PrintWriter out = spec.commandLine().getOut();
    // The narration goes to standard error as it is when each line is written: while the live
    // view owns the terminal it captures System.err into its events, so a step's line shows there
    // instead of tearing the screen.
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(new CurrentStderr(), StandardCharsets.UTF_8), true);
    // With JSON lines on stdout, the narration and the history go to stderr.
    PrintWriter history = options.output == RunOptions.Output.json ? err : out;
    FleetRun fleetRun = new FleetRun(options);
    try (Lab lab = LabScript.startLab()) {
      fleetRun.set("probefleet.probe.resolver", address(lab.dnsServer()));
      String target = lab.target().name();
      LabScript script =
          new LabScript(lab, target, LabScript.DEMO, IncidentPolicy.DEFAULT, err, fleetRun::stop);
      TargetsConfig targets = new TargetsConfig("the lab", List.of(lab.target()), Optional.empty());
      Duration expected = options.interval.multipliedBy(script.expectedRounds());
      err.printf(
          "lab: %d steps, about %d s at a round every %d s: each fault is held until its incident"
              + " opens, then repaired until it resolves. Rounds, alerts (with their runbooks) and"
              + " the history on stdout; what the script does and expects here.%n",
          LabScript.DEMO.size(), expected.toSeconds(), options.interval.toSeconds());
      fleetRun.run(
          targets,
          "the lab (" + lab.host() + " via CDN, load balancer and origin on loopback)",
          out,
          err,
          List.of(script),
          fleet -> {
            // The lab's servers stop before anything else, also after Ctrl-C.
            lab.close();
            printHistory(fleet.get(IncidentHistory.class), target, history);
          });
      return report(script, err);
    }
  }

  /**
   * The lab target's incidents as {@code probefleet incidents --target} prints them (the same
   * query, the API's document, the same table), newest first.
   */
  private static void printHistory(IncidentHistory incidents, String target, PrintWriter out) {
    List<IncidentSummary> found =
        Page.collect(
            PageRequest.first(HISTORY_LIMIT),
            HISTORY_LIMIT,
            page -> incidents.find(IncidentQuery.ofTarget(target), page));
    out.println("Incident history of " + target + ":");
    out.print(
        found.isEmpty()
            ? "  (none)\n"
            : IncidentTable.render(found.stream().map(IncidentView::of).toList(), Instant.now()));
    out.flush();
  }

  private static int report(LabScript script, PrintWriter err) {
    List<LabScript.StepOutcome> outcomes = script.outcomes();
    if (script.passed()) {
      err.println(
          "lab: every step went as expected: each fault opened one incident at the expected layer"
              + " and cause, and each resolved once repaired");
      err.flush();
      return ExitStatus.OK;
    }
    for (LabScript.StepOutcome o : outcomes) {
      if (!o.passed()) {
        err.println(
            "lab: step "
                + o.number()
                + " ("
                + o.step().happens()
                + ") did not go as expected: "
                + String.join("; ", o.problems()));
      }
    }
    if (!script.notRun().isEmpty()) {
      err.println(
          "lab: stopped before step "
              + (outcomes.size() + 1)
              + " of "
              + (outcomes.size() + script.notRun().size())
              + " was done");
    }
    err.flush();
    return ExitStatus.ALERT;
  }

  private static String address(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /**
   * The fleet options as the demo takes them: its own interval, store and data directory (a round
   * every 5 s; an in-memory store that leaves nothing behind, or a local one apart from {@code
   * run}'s, since the lab registers its own target in place of the store's), and without {@code
   * --rounds} and {@code --resolver}, which the script and the lab decide.
   */
  static final class LabOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.remove(spec.findOption("--rounds"));
      spec.remove(spec.findOption("--resolver"));
      replace(spec, "--interval", DEMO_INTERVAL.toSeconds() + "s", null);
      replace(
          spec,
          "--store",
          "memory",
          "memory (nothing kept) or local (DynamoDB Local under --data, kept across runs)."
              + " Default ${DEFAULT-VALUE}.");
      replace(
          spec,
          "--data",
          "lab-data",
          "The local store's directory (default ./${DEFAULT-VALUE}, apart from run's ./data).");
      return spec;
    }

    private static void replace(
        CommandSpec spec, String name, String defaultValue, String description) {
      OptionSpec option = spec.findOption(name);
      spec.remove(option);
      OptionSpec.Builder changed = OptionSpec.builder(option).defaultValue(defaultValue);
      if (description != null) {
        changed.description(description);
      }
      spec.addOption(changed.build());
    }
  }

  /** {@code System.err} as it is at each write, not as it was when a writer wrapped it. */
  private static final class CurrentStderr extends OutputStream {
    @Override
    public void write(int b) {
      System.err.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.err.write(b, off, len);
    }

    @Override
    public void flush() {
      System.err.flush();
    }
  }
}
