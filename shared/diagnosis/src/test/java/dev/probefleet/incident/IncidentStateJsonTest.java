package dev.probefleet.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentStateJsonTest {

  @Test
  void aStateReadsBackEqual() {
    IncidentsTest.Run run =
        new IncidentsTest.Run()
            .rounds(0, IncidentsTest.LB, IncidentsTest.LB, IncidentsTest.CDN, IncidentsTest.CDN);
    String json = IncidentStateJson.write(run.state);
    assertThat(IncidentStateJson.read(json)).isEqualTo(run.state);
    assertThat(json).contains("\"slot\":\"2026-11-24T09:01:00Z/PT1M\"");
  }

  @Test
  void aResolvedStateReadsBackEqual() {
    IncidentsTest.Run run =
        new IncidentsTest.Run()
            .rounds(
                0,
                IncidentsTest.LB,
                IncidentsTest.LB,
                IncidentsTest.OK,
                IncidentsTest.OK,
                IncidentsTest.OK);
    assertThat(IncidentStateJson.read(IncidentStateJson.write(run.state))).isEqualTo(run.state);
  }

  @Test
  void aBadFieldIsNamed() {
    String json =
        "{\"v\":1,\"target\":\"shop\",\"window\":[{\"slot\":\"yesterday\",\"layer\":\"CDN\","
            + "\"cause\":\"NONE\",\"severity\":\"PAGE\",\"scope\":\"ALL_REGIONS\",\"regions\":[]}],"
            + "\"open\":null,\"resolved_through\":null}";
    assertThatThrownBy(() -> IncidentStateJson.read(json))
        .isInstanceOf(MalformedIncidentStateException.class)
        .hasMessage("stored incident state, field 'window[0].slot': not a slot: 'yesterday'");
  }

  @Test
  void anUnknownLayerIsNamed() {
    String json =
        "{\"v\":1,\"target\":\"shop\",\"window\":[{\"slot\":\"2026-11-24T09:01:00Z/PT1M\","
            + "\"layer\":\"EDGE\",\"cause\":\"NONE\",\"severity\":\"PAGE\",\"scope\":\"NONE\","
            + "\"regions\":[]}],\"open\":null,\"resolved_through\":null}";
    assertThatThrownBy(() -> IncidentStateJson.read(json))
        .hasMessage("stored incident state, field 'window[0].layer': 'EDGE' is not a Layer");
  }

  @Test
  void anotherVersionIsRejected() {
    assertThatThrownBy(() -> IncidentStateJson.read("{\"v\":2}"))
        .isInstanceOf(MalformedIncidentStateException.class)
        .hasMessage("stored incident state, field 'v': unknown version 2");
  }

  @Test
  void notJsonIsRejected() {
    assertThatThrownBy(() -> IncidentStateJson.read("{"))
        .isInstanceOf(MalformedIncidentStateException.class)
        .hasMessageStartingWith("stored incident state, field '$': not JSON");
  }

  @Test
  void samplesAndReportingRegionsReadBackEqual() {
    IncidentState state =
        new IncidentsConfirmationTest.Run()
            .blip(0, IncidentsTest.LB)
            .apply(
                new RoundSummary(IncidentsTest.slot(1), IncidentsTest.OK, 1, List.of("us-east-1")))
            .confirmed(2, IncidentsTest.CDN)
            .state;
    assertThat(state.open()).as("the confirmed slot opened an incident").isPresent();

    String json = IncidentStateJson.write(state);
    IncidentState read = IncidentStateJson.read(json);

    assertThat(read).isEqualTo(state);
    assertThat(read.at(IncidentsTest.slot(2)).orElseThrow().samples()).isEqualTo(2);
    assertThat(read.at(IncidentsTest.slot(1)).orElseThrow().reported())
        .containsExactly("us-east-1");
    assertThat(read.at(IncidentsTest.slot(0)).orElseThrow().reported())
        .containsExactlyElementsOf(IncidentsTest.BOTH);
    assertThat(json)
        .contains("\"samples\":2")
        .contains("\"reported\":[\"eu-west-1\",\"us-east-1\"]");
  }

  @Test
  void oneSampleAndNoReportingRegionsAreLeftOut() {
    IncidentState state =
        new IncidentState(
            "shop",
            List.of(new RoundSummary(IncidentsTest.slot(0), IncidentsTest.OK)),
            Optional.empty(),
            Optional.empty());
    String json = IncidentStateJson.write(state);
    assertThat(json).doesNotContain("samples").doesNotContain("reported");
    assertThat(IncidentStateJson.read(json)).isEqualTo(state);
  }

  @Test
  void aDocumentWrittenBeforeSamplesAndRegionsReadsAsOneSampleAndNoRegions() {
    // As the analyzer stored it before the fast confirmation: no samples, no reported.
    String v1 =
        "{\"v\":1,\"target\":\"shop\",\"window\":["
            + "{\"slot\":\"2026-11-24T09:00:00Z/PT1M\",\"layer\":\"LOAD_BALANCER\","
            + "\"cause\":\"UPSTREAM_TIMEOUT\",\"severity\":\"PAGE\",\"scope\":\"ALL_REGIONS\","
            + "\"regions\":[\"eu-west-1\",\"us-east-1\"]},"
            + "{\"slot\":\"2026-11-24T09:01:00Z/PT1M\",\"layer\":\"NONE\",\"cause\":\"NONE\","
            + "\"severity\":\"INFO\",\"scope\":\"NONE\",\"regions\":[]}],"
            + "\"open\":null,\"resolved_through\":null}";

    IncidentState read = IncidentStateJson.read(v1);

    assertThat(read.window()).extracting(RoundSummary::samples).containsExactly(1, 1);
    assertThat(read.window()).allSatisfy(r -> assertThat(r.reported()).isEmpty());
    assertThat(read.window().get(0).signature()).isEqualTo(IncidentsTest.LB);
    // The old window keeps counting as before: one more failing LB slot opens.
    IncidentStep step =
        new Incidents(IncidentPolicy.DEFAULT)
            .apply(read, new RoundSummary(IncidentsTest.slot(2), IncidentsTest.LB));
    assertThat(step.transitions())
        .extracting(Transition::kind)
        .containsExactly(TransitionKind.OPENED);
  }

  @Test
  void anImpossibleSampleCountIsNamed() {
    String json =
        "{\"v\":1,\"target\":\"shop\",\"window\":[{\"slot\":\"2026-11-24T09:01:00Z/PT1M\","
            + "\"layer\":\"CDN\",\"cause\":\"HTTP_5XX\",\"severity\":\"PAGE\",\"scope\":\"ALL_REGIONS\","
            + "\"regions\":[],\"samples\":3}],\"open\":null,\"resolved_through\":null}";
    assertThatThrownBy(() -> IncidentStateJson.read(json))
        .isInstanceOf(MalformedIncidentStateException.class)
        .hasMessage(
            "stored incident state, field 'window[0].samples': a slot counts for 1 or 2 samples,"
                + " not 3");
  }
}
