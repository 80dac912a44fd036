package dev.probefleet.incident;

import static dev.probefleet.incident.CertificateRun.day;
import static dev.probefleet.incident.CertificateRun.endingIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.CertificateInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateStateJsonTest {
  static final String ID = CertificateIncidents.incidentId("shop", "lb", "a".repeat(64), day(0));

  /**
   * Three open incidents: two on cdn (regional; one PAGE after an escalation) and one on lb (all
   * regions, WARN).
   */
  static CertificateState twoOpen() {
    CertificateRun run = new CertificateRun();
    CertificateInfo a = endingIn(9.5, day(0), 'a');
    CertificateInfo b = endingIn(5, day(0), 'b');
    run.at(day(0)).serves("lb", "us-east-1", a).serves("lb", "eu-west-1", a).apply();
    run.at(day(0)).serves("cdn", "eu-west-1", b).serves("cdn", "us-east-1", a).apply();
    run.at(day(3))
        .serves("cdn", "eu-west-1", b)
        .serves("cdn", "us-east-1", a)
        .serves("lb", "us-east-1", a)
        .apply();
    return run.state;
  }

  /** A stored document with one incident whose field {@code key} holds {@code value}. */
  static String withField(String key, String value) {
    String incident =
        "{\"id\":\""
            + ID
            + "\",\"p\":\"lb\",\"h\":\""
            + "a".repeat(64)
            + "\",\"sj\":\"CN=shop.example.com\",\"is\":\"CN=R11\","
            + "\"na\":\"2026-12-03T21:00:30Z\",\"sv\":\"WARN\",\"sc\":\"all-regions\","
            + "\"rg\":[\"us-east-1\"],\"n\":1,\"oa\":\"2026-11-24T09:00:00Z/PT1M\","
            + "\"la\":\"2026-11-24T09:00:00Z/PT1M\"}";
    String replaced =
        incident.replaceFirst(
            "\"" + key + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|[0-9]+)", "\"" + key + "\":" + value);
    return "{\"v\":1,\"t\":\"shop\",\"s\":\"2026-11-24T09:00:00Z/PT1M\",\"o\":[" + replaced + "]}";
  }

  @Test
  void aStateReadsBackEqual() {
    CertificateState state = twoOpen();
    assertThat(state.open()).hasSize(3);
    String json = CertificateStateJson.write(state);
    assertThat(CertificateStateJson.read(json)).isEqualTo(state);
  }

  @Test
  void anEmptyStateReadsBackEqual() {
    CertificateState empty = CertificateState.empty("shop");
    assertThat(CertificateStateJson.write(empty))
        .isEqualTo("{\"v\":1,\"t\":\"shop\",\"s\":null,\"o\":[]}");
    assertThat(CertificateStateJson.read(CertificateStateJson.write(empty))).isEqualTo(empty);
  }

  @Test
  void theDocumentIsCompact() {
    CertificateState state = twoOpen();
    String json = CertificateStateJson.write(state);
    assertThat(json)
        .contains(
            "\"p\":\"lb\"",
            "\"sv\":\"PAGE\"",
            "\"sc\":\"regional\"",
            "\"oa\":\"2026-11-24T09:00:00Z/PT1M\"")
        .doesNotContain("\": ", ", \"", "\"path\"", "\"kind\"");
    // About 60 bytes of frame and 330 per incident (most of it the sha256, subject and issuer).
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(60 + 3 * 340);
    assertThat(CertificateStateJson.write(new CertificateRun().state).length()).isLessThan(60);
  }

  @Test
  void theFixtureItselfReads() {
    CertificateState state = CertificateStateJson.read(withField("n", "1"));
    assertThat(state.open()).singleElement().extracting(OpenCertificateIncident::id).isEqualTo(ID);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "na | \"tomorrow\"              | o[0].na: not an instant: 'tomorrow'",
        "oa | \"2026-11-24\"            | o[0].oa: not a slot: '2026-11-24'",
        "sv | \"INFO\"                  | o[0].sv: 'INFO' is not WARN or PAGE",
        "sc | \"none\"                  | o[0].sc: 'none' is not all-regions or regional",
        "p  | \"edge\"                  | o[0].p: 'edge' is not a path label (cdn, lb or origin[i])",
        "n  | 0                         | o[0].n: not a transition count (1 or more): 0",
        "rg | [1]                       | o[0].rg[0]: not a region name: 1",
        "rg | \"us-east-1\"             | o[0].rg: not a list",
        "h  | 7                         | o[0].h: not a string: 7",
        "id | null                      | o[0].id: missing",
        "la | \"2026-11-24T08:00:00Z/PT1M\" | o[0]: incident "
            + "<id>: last transition at 2026-11-24T08:00:00Z is before it"
            + " opened at 2026-11-24T09:00:00Z",
      })
  void aBadFieldIsNamed(String key, String value, String problem) {
    String json = withField(key, value);
    int colon = problem.indexOf(": ");
    assertThatThrownBy(() -> CertificateStateJson.read(json))
        .isInstanceOf(MalformedIncidentStateException.class)
        .hasMessage(
            "stored incident state, field '"
                + problem.substring(0, colon)
                + "': "
                + problem.substring(colon + 2).replace("<id>", ID));
  }

  @Test
  void anIncidentNewerThanTheNewestSlotIsRejected() {
    String json = withField("n", "1").replace("\"s\":\"2026-11-24T09:00:00Z/PT1M\"", "\"s\":null");
    assertThatThrownBy(() -> CertificateStateJson.read(json))
        .isInstanceOf(MalformedIncidentStateException.class)
        .hasMessage(
            "stored incident state, field 'o': incident "
                + ID
                + " changed at 2026-11-24T09:00:00Z, after the newest slot applied (none)");
  }

  @Test
  void theSameCertificateOpenTwiceIsRejected() {
    String one = withField("n", "1");
    String incident = one.substring(one.indexOf("[{") + 1, one.lastIndexOf("}]") + 1);
    String json =
        one.replace(incident, incident + "," + incident.replace(ID, "X" + ID.substring(1)));
    assertThatThrownBy(() -> CertificateStateJson.read(json))
        .hasMessage(
            "stored incident state, field 'o': certificate "
                + "a".repeat(64)
                + " on lb is open twice");
  }

  @Test
  void rootProblemsAreNamed() {
    assertThatThrownBy(() -> CertificateStateJson.read("{"))
        .isInstanceOf(MalformedIncidentStateException.class)
        .hasMessageStartingWith("stored incident state, field '$': not JSON");
    assertThatThrownBy(() -> CertificateStateJson.read("[1]"))
        .hasMessage("stored incident state, field '$': not a JSON object");
    assertThatThrownBy(() -> CertificateStateJson.read("{\"v\":2}"))
        .hasMessage("stored incident state, field 'v': unknown version 2");
    assertThatThrownBy(() -> CertificateStateJson.read("{\"v\":1,\"o\":[]}"))
        .hasMessage("stored incident state, field 't': missing");
    assertThatThrownBy(() -> CertificateStateJson.read("{\"v\":1,\"t\":\"shop\",\"s\":null}"))
        .hasMessage("stored incident state, field 'o': missing");
    assertThatThrownBy(
            () -> CertificateStateJson.read("{\"v\":1,\"t\":\"shop\",\"s\":\"now\",\"o\":[]}"))
        .hasMessage("stored incident state, field 's': not a slot: 'now'");
    assertThatThrownBy(
            () -> CertificateStateJson.read("{\"v\":1,\"t\":\"shop\",\"s\":null,\"o\":[3]}"))
        .hasMessage("stored incident state, field 'o[0]': not an object");
  }
}
