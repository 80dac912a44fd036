package dev.probefleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.Layer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The query parameters of {@code GET /v1/incidents}, and every way they can be wrong. */
class IncidentQueryTest {

  private static Map<String, String> params(String... nameValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      map.put(nameValues[i], nameValues[i + 1]);
    }
    return map;
  }

  @Test
  void everyParameterIsRead() {
    IncidentQuery query =
        IncidentQuery.fromParameters(
            params(
                "target", "shop",
                "layer", "load_balancer",
                "state", "Open",
                "since", "2026-11-24T09:00:00Z",
                "until", "2026-11-24T11:30:00+01:00",
                "limit", "10",
                "next", "abc"));
    assertThat(query)
        .isEqualTo(
            new IncidentQuery(
                Optional.of("shop"),
                Optional.of(Layer.LOAD_BALANCER),
                Optional.of(IncidentStatus.OPEN),
                Optional.of(Instant.parse("2026-11-24T09:00:00Z")),
                Optional.of(Instant.parse("2026-11-24T10:30:00Z"))));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "layer|EDGE|layer: 'EDGE' is not one of CDN, LOAD_BALANCER, ORIGIN, NETWORK, DNS, NONE, INCONCLUSIVE",
        "state|opened|state: 'opened' is not open or resolved",
        "since|yesterday|since: 'yesterday' is neither an ISO-8601 instant such as 2026-11-24T09:00:00Z nor a time ago such as 30m, 24h or 7d",
        "until|2026-11-24|until: '2026-11-24' is neither an ISO-8601 instant such as 2026-11-24T09:00:00Z nor a time ago such as 30m, 24h or 7d",
        "since|24|since: '24' is neither an ISO-8601 instant such as 2026-11-24T09:00:00Z nor a time ago such as 30m, 24h or 7d",
        "since|-2h|since: '-2h' is neither an ISO-8601 instant such as 2026-11-24T09:00:00Z nor a time ago such as 30m, 24h or 7d",
        "until|1.5d|until: '1.5d' is neither an ISO-8601 instant such as 2026-11-24T09:00:00Z nor a time ago such as 30m, 24h or 7d",
        "target|'  '|target: is empty",
        "sort|newest|sort: unknown parameter; known: target, layer, state, since, until, limit, next"
      })
  void aBadParameterIsNamedWithWhatIsWrong(String name, String value, String message) {
    Map<String, String> p = params("layer", "ORIGIN");
    p.put(name, value);
    assertThatThrownBy(() -> IncidentQuery.fromParameters(p))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((InvalidQueryException) e).parameter()).isEqualTo(name));
  }

  @Test
  void aTimeAgoCountsBackFromTheClock() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    IncidentQuery query =
        IncidentQuery.fromParameters(
            params("target", "shop", "since", "7d", "until", " 30m "), clock);
    assertThat(query.since()).contains(Instant.parse("2026-11-17T12:00:00Z"));
    assertThat(query.until()).contains(Instant.parse("2026-11-24T11:30:00Z"));
    assertThat(
            IncidentQuery.fromParameters(params("target", "shop", "since", "24h"), clock).since())
        .contains(Instant.parse("2026-11-23T12:00:00Z"));
    assertThat(
            IncidentQuery.fromParameters(params("target", "shop", "since", "90s"), clock).since())
        .contains(Instant.parse("2026-11-24T11:58:30Z"));
    assertThatThrownBy(
            () ->
                IncidentQuery.fromParameters(
                    params("target", "shop", "since", "1h", "until", "2h"), clock))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("since: 2026-11-24T11:00:00Z is not before until (2026-11-24T10:00:00Z)");
  }

  @Test
  void aRangeMustNotBeEmptyOrReversed() {
    assertThatThrownBy(
            () ->
                IncidentQuery.fromParameters(
                    params(
                        "target", "shop",
                        "since", "2026-11-24T10:00:00Z",
                        "until", "2026-11-24T10:00:00Z")))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("since: 2026-11-24T10:00:00Z is not before until (2026-11-24T10:00:00Z)");
  }

  @Test
  void aQueryNamesATargetALayerOrTheOpenIncidents() {
    assertThatThrownBy(() -> IncidentQuery.fromParameters(Map.of()))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("target: a query needs a target, a layer or state=open");
    assertThatThrownBy(() -> IncidentQuery.fromParameters(params("state", "resolved")))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage(
            "target: a query needs a target, a layer or state=open"
                + " (state=resolved alone would read every incident)");
    assertThat(IncidentQuery.fromParameters(params("state", "open")))
        .isEqualTo(IncidentQuery.open());
    assertThat(IncidentQuery.fromParameters(params("layer", "cdn")))
        .isEqualTo(IncidentQuery.ofLayer(Layer.CDN));
  }
}
