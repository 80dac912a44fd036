package dev.probefleet.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
