package dev.probefleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.api.model.IncidentListDocument;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.IncidentHistory;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.Page;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probefleet incidents}: the incident history, newest first, as a table or as the API's
 * {@code GET /v1/incidents} document. What to list is {@link IncidentListing}'s; how it looks,
 * {@link IncidentTable}'s.
 */
@Command(
    name = "incidents",
    mixinStandardHelpOptions = true,
    description = {
      "List incidents, newest first: every layer's, or those of a target, a layer or a state,"
          + " opened within a time range. Reads the store probefleet run writes (attaching to a"
          + " running probefleet run's local store), or AWS, or an emulator.",
      "",
      "Examples:",
      "  probefleet incidents                        # the latest 50, from ./data",
      "  probefleet incidents --state open",
      "  probefleet incidents --target shop --since 7d",
      "  probefleet incidents --layer ORIGIN --since 2026-11-24T09:00:00Z --limit 200",
      "  probefleet incidents --store aws --state open --output json"
    },
    footer = {
      "",
      "The flags are the query API's parameters (GET /v1/incidents), checked the same way."
          + " --limit counts incidents shown (pages are followed until that many); with --target,"
          + " --layer or --state open, --output json carries the API's continuation token in"
          + " \"next\" (give it back with --next).",
      "",
      "Exit status: 0 listed (also when none match); 2 bad usage (stdout empty); 3 an internal"
          + " error, such as an unreachable store."
    })
final class IncidentsCommand implements Callable<Integer> {

  enum Output {
    table,
    json
  }

  @Option(names = "--target", paramLabel = "NAME", description = "Only this target's incidents.")
  String target;

  @Option(
      names = "--layer",
      paramLabel = "LAYER",
      description =
          "Only incidents of this layer: CDN, LOAD_BALANCER, ORIGIN, NETWORK, DNS, NONE,"
              + " INCONCLUSIVE (any case).")
  String layer;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "Only open, or only resolved, incidents.")
  String state;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description =
          "Only incidents opened at or after TIME: a time ago (30m, 24h, 7d) or an ISO-8601"
              + " instant (2026-11-24T09:00:00Z).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Only incidents opened before TIME (the same forms as --since).")
  String until;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Show at most N incidents, 1 to 1000 (default 50).")
  String limit;

  @Option(
      names = "--next",
      paramLabel = "TOKEN",
      description = "Continue a listing from the \"next\" of its JSON output.")
  String next;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description =
          "table (aligned columns) or json (the API's document, schemaVersion 1). Default"
              + " ${DEFAULT-VALUE}.")
  Output output;

  @Mixin StoreAccess store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    IncidentListing listing = IncidentListing.of(parameters(), clock);
    FleetProperties properties = new FleetProperties();
    try (Fleet fleet = store.start(properties, true)) {
      IncidentListing.Listing found = listing.read(properties.get(fleet, IncidentHistory.class));
      IncidentListDocument document =
          IncidentListDocument.of(new Page<IncidentSummary>(found.incidents(), found.next()));
      PrintWriter out = spec.commandLine().getOut();
      if (output == Output.json) {
        out.println(
            properties
                .get(fleet, ObjectMapper.class)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(document));
      } else if (document.incidents().isEmpty()) {
        out.println("No incidents match.");
      } else {
        out.print(IncidentTable.render(document.incidents(), clock.instant()));
        if (found.more()) {
          PrintWriter err = spec.commandLine().getErr();
          err.println(
              "incidents: "
                  + document.incidents().size()
                  + " shown, more are older: raise --limit or narrow with --since");
          err.flush();
        }
      }
      out.flush();
    }
    return ExitStatus.OK;
  }

  /** The flags given, by the API parameter each one is. */
  private Map<String, String> parameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    put(parameters, "target", target);
    put(parameters, "layer", layer);
    put(parameters, "state", state);
    put(parameters, "since", since);
    put(parameters, "until", until);
    put(parameters, "limit", limit);
    put(parameters, "next", next);
    return parameters;
  }

  private static void put(Map<String, String> parameters, String name, String value) {
    if (value != null) {
      parameters.put(name, value);
    }
  }
}
