package dev.probefleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.api.model.IncidentDocument;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.IncidentHistory;
import dev.probefleet.store.IncidentTimeline;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probefleet incident ID}: one incident with its evidence timeline and runbook, as text
 * ({@link IncidentText}) or as the API's {@code GET /v1/incidents/{id}} document.
 */
@Command(
    name = "incident",
    mixinStandardHelpOptions = true,
    description = {
      "Show one incident: what it is, its timeline (each transition with its time, verdict, the"
          + " evidence of every path and its alert) and the runbook of its layer and cause.",
      "",
      "Examples:",
      "  probefleet incident 01JDQ8K3Z5T7N2V4X6B8C0D2E4",
      "  probefleet incident 01JDQ8K3Z5T7N2V4X6B8C0D2E4 --output json",
      "  probefleet incident 01JDQ8K3Z5T7N2V4X6B8C0D2E4 --store aws"
    },
    footer = {
      "",
      "Exit status: 0 shown; 1 no incident has this id (like the API's 404; stdout empty);"
          + " 2 bad usage; 3 an internal error, such as an unreachable store."
    })
final class IncidentCommand implements Callable<Integer> {
  /** An incident id as the fleet writes them: a ULID (Crockford base32, 26 characters). */
  private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

  enum Output {
    text,
    json
  }

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "The incident's id, as probefleet incidents lists it.")
  String id;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text, or json (the API's document, schemaVersion 1). Default ${DEFAULT-VALUE}.")
  Output output;

  @Mixin StoreAccess store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String wanted = id.trim();
    if (wanted.isEmpty()) {
      throw new UsageException("ID: the incident id is empty");
    }
    FleetProperties properties = new FleetProperties();
    try (Fleet fleet = store.start(properties, true)) {
      Optional<IncidentTimeline> found =
          properties.get(fleet, IncidentHistory.class).incident(wanted);
      if (found.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "incident: no incident has the id '"
                + (wanted.length() <= 60
                    ? wanted
                    : wanted.substring(0, 60) + "… (" + wanted.length() + " characters)")
                + "'"
                + (ULID.matcher(wanted).matches()
                    ? " in store " + store.describe()
                    : " (ids are 26-character ULIDs, as probefleet incidents lists them)"));
        err.flush();
        return ExitStatus.NOT_FOUND;
      }
      IncidentDocument document = IncidentDocument.of(found.get());
      PrintWriter out = spec.commandLine().getOut();
      if (output == Output.json) {
        out.println(
            properties
                .get(fleet, ObjectMapper.class)
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(document));
      } else {
        out.print(IncidentText.render(document, Clock.systemUTC().instant()));
      }
      out.flush();
    }
    return ExitStatus.OK;
  }
}
