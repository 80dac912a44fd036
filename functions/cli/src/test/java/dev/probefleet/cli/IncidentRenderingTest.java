package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.api.model.IncidentDocument;
import dev.probefleet.api.model.IncidentView;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.runbook.Runbook;
import dev.probefleet.runbook.RunbookStep;
import dev.probefleet.store.ContinuationTokens;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.contract.HistoryWriter;
import dev.probefleet.store.memory.InMemoryIncidentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The table of {@code incidents} and the text of {@code incident ID}, from the API's documents. */
class IncidentRenderingTest {
  private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

  private InMemoryIncidentStore store;
  private String resolved;
  private String open;

  @BeforeEach
  void seed() {
    store =
        new InMemoryIncidentStore(
            Clock.fixed(NOW, ZoneOffset.UTC), ContinuationTokens.derivedFrom("test"));
    resolved =
        new HistoryWriter(store, "shop").incident("2026-03-10T09:01:00Z", Layer.ORIGIN, true);
    open =
        new HistoryWriter(store, "a-much-longer-target-name")
            .incident("2026-03-10T12:01:00Z", Layer.LOAD_BALANCER, false);
  }

  @Test
  void theTableHasAlignedColumnsNewestFirstWithHowLongEachLasted() {
    List<IncidentView> views =
        store.find(IncidentQuery.ofLayer(Layer.ORIGIN), PageRequest.first(10)).items().stream()
            .map(IncidentView::of)
            .toList();
    List<IncidentView> both =
        List.of(
            IncidentView.of(store.find(IncidentQuery.open(), PageRequest.first(10)).items().get(0)),
            views.get(0));

    List<String> lines = IncidentTable.render(both, NOW).lines().toList();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("ID +TARGET +LAYER +CAUSE +STATE +OPENED +DURATION +REGIONS");
    assertThat(lines.get(1))
        .startsWith(open + "  a-much-longer-target-name  LOAD_BALANCER  HTTP_5XX  open ")
        .contains("2026-03-10 12:01:00Z")
        .contains("29m00s so far")
        .endsWith("us-east-1");
    assertThat(lines.get(2))
        .startsWith(resolved + "  shop ")
        .contains(" ORIGIN ")
        .contains(" resolved ")
        .contains("2026-03-10 09:01:00Z")
        // opened at 09:01, resolved after three healthy slots at 09:04
        .contains(" 3m00s ");
    for (String column : List.of("TARGET", "LAYER", "CAUSE", "STATE", "OPENED", "DURATION")) {
      int at = lines.get(0).indexOf(column);
      assertThat(lines.get(1).charAt(at - 1)).as(column).isEqualTo(' ');
      assertThat(lines.get(1).charAt(at)).as(column).isNotEqualTo(' ');
      assertThat(lines.get(2).charAt(at)).as(column).isNotEqualTo(' ');
    }
  }

  @Test
  void anIncidentsTextHasItsFactsItsTimelineWithTimesAndItsRunbook() {
    IncidentDocument document = IncidentDocument.of(store.incident(resolved).orElseThrow());

    String text = IncidentText.render(document, NOW);

    assertThat(text)
        .startsWith("incident  " + resolved + "\ntarget    shop\nstate     resolved after 3m00s\n")
        .contains("layer     ORIGIN\n")
        .contains("cause     HTTP_5XX\n")
        .contains("opened    2026-03-10 09:01:00Z\n")
        .contains("resolved  2026-03-10 09:04:00Z\n");
    assertThat(text)
        .containsPattern(
            "Timeline \\(oldest first\\):\n"
                + "  2026-03-10 09:01:00Z  OPENED #1  ORIGIN HTTP_5XX PAGE all-regions \\(us-east-1\\)\n"
                + "      OPENED ORIGIN at .*\n"
                + "      alert [^ ]+: (pending since|published) 20")
        .containsPattern("\n  2026-03-10 09:04:00Z  RESOLVED #2  ");
    List<RunbookStep> steps = Runbook.stepsFor(Layer.ORIGIN, Cause.HTTP_5XX);
    assertThat(steps).isNotEmpty();
    assertThat(text)
        .contains("\nRunbook (ORIGIN / HTTP_5XX):\n   1. " + steps.get(0).action() + "\n");
    steps.get(0).command().ifPresent(c -> assertThat(text).contains("      $ " + c + "\n"));
    assertThat(text)
        .contains(String.format("%n  %2d. %s%n", steps.size(), steps.getLast().action()));
  }
}
