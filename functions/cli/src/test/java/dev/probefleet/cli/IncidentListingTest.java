package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.Layer;
import dev.probefleet.store.ContinuationTokens;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.InvalidQueryException;
import dev.probefleet.store.contract.HistoryWriter;
import dev.probefleet.store.memory.InMemoryIncidentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code probefleet incidents} lists: the API's query from its flags, followed page by page;
 * every layer's incidents merged when no index is named. On the in-memory store, seeded the way the
 * analyzer writes incidents.
 */
class IncidentListingTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-11T00:00:00Z"), ZoneOffset.UTC);

  private InMemoryIncidentStore store;

  /** Ids of the incidents, newest first, as seeded. */
  private final List<String> newestFirst = new ArrayList<>();

  private String shopOrigin;
  private String shopLb;
  private String webCdn;

  @BeforeEach
  void seed() {
    store = new InMemoryIncidentStore(CLOCK, ContinuationTokens.derivedFrom("test"));
    HistoryWriter shop = new HistoryWriter(store, "shop");
    HistoryWriter web = new HistoryWriter(store, "web");
    List<String> oldestFirst = new ArrayList<>();
    oldestFirst.add(web.incident("2026-03-10T08:01:00Z", Layer.DNS, true));
    shopOrigin = shop.incident("2026-03-10T09:01:00Z", Layer.ORIGIN, true);
    oldestFirst.add(shopOrigin);
    webCdn = web.incident("2026-03-10T10:01:00Z", Layer.CDN, true);
    oldestFirst.add(webCdn);
    for (int i = 0; i < 4; i++) {
      oldestFirst.add(
          web.incident(String.format("2026-03-10T11:%02d:00Z", 10 * i + 1), Layer.ORIGIN, true));
    }
    shopLb = shop.incident("2026-03-10T12:01:00Z", Layer.LOAD_BALANCER, false);
    oldestFirst.add(shopLb);
    newestFirst.addAll(oldestFirst.reversed());
  }

  private IncidentListing.Listing list(String... flags) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < flags.length; i += 2) {
      parameters.put(flags[i], flags[i + 1]);
    }
    return IncidentListing.of(parameters, CLOCK).read(store);
  }

  private static List<String> ids(IncidentListing.Listing listing) {
    return listing.incidents().stream().map(IncidentSummary::id).toList();
  }

  @Test
  void withoutATargetALayerOrOpenEveryLayersIncidentsAreMergedNewestFirst() {
    IncidentListing.Listing all = list();
    assertThat(ids(all)).containsExactlyElementsOf(newestFirst);
    assertThat(all.more()).isFalse();
    assertThat(all.next()).isEmpty();

    IncidentListing.Listing three = list("limit", "3");
    assertThat(ids(three)).containsExactlyElementsOf(newestFirst.subList(0, 3));
    assertThat(three.more()).as("older ones follow").isTrue();

    assertThat(ids(list("state", "resolved")))
        .as("state=resolved alone, which the API refuses, is every layer's resolved incidents")
        .containsExactlyElementsOf(newestFirst.subList(1, newestFirst.size()));
    assertThat(ids(list("since", "2026-03-10T10:00:00Z", "until", "2026-03-10T11:00:00Z")))
        .containsExactly(webCdn);
  }

  @Test
  void aTargetALayerOrOpenIsOneQueryOfTheApi() {
    assertThat(ids(list("target", "shop"))).containsExactly(shopLb, shopOrigin);
    assertThat(ids(list("state", "open"))).containsExactly(shopLb);
    assertThat(ids(list("layer", "origin", "target", "web")))
        .containsExactlyElementsOf(newestFirst.subList(1, 5));
    assertThat(ids(list("layer", "cdn"))).containsExactly(webCdn);
  }

  @Test
  void theLimitFollowsPagesAndTheTokenContinuesExactlyWhereItStopped() {
    IncidentListing.Listing first = list("target", "web", "limit", "2");
    assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(1, 3));
    assertThat(first.next()).isPresent();
    assertThat(first.more()).isTrue();

    IncidentListing.Listing rest = list("target", "web", "limit", "10", "next", first.next().get());
    List<String> web =
        newestFirst.stream().filter(id -> !id.equals(shopOrigin) && !id.equals(shopLb)).toList();
    assertThat(ids(rest)).containsExactlyElementsOf(web.subList(2, web.size()));
    assertThat(rest.next()).isEmpty();
    assertThat(rest.more()).isFalse();
  }

  /**
   * The flags are the API's parameters, refused with the API's own message, the parameter's name
   * given as the flag.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "layer | LB",
        "state | closed",
        "since | yesterday",
        "until | 3 weeks",
        "limit | 0",
        "limit | 1001",
        "limit | ten",
        "target | ' '"
      })
  void aBadValueIsRefusedAsTheApiRefusesItNamingTheFlag(String parameter, String value) {
    Map<String, String> given = Map.of(parameter, value);
    // What the API's parsers say about the same parameter:
    InvalidQueryException api =
        catchInvalid(
            () -> {
              Map<String, String> query = new LinkedHashMap<>(given);
              String limit = query.remove("limit");
              dev.probefleet.store.PageRequest.fromParameters(limit, null);
              query.putIfAbsent("layer", "ORIGIN");
              IncidentQuery.fromParameters(query, CLOCK);
            });
    assertThat(api.parameter()).isEqualTo(parameter);

    assertThatThrownBy(() -> IncidentListing.of(given, CLOCK))
        .isInstanceOf(UsageException.class)
        .hasMessage("--" + api.getMessage());
  }

  @Test
  void sinceNotBeforeUntilAndATokenOfAnotherQueryAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> list("since", "1h", "until", "2h"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--since: ")
        .hasMessageContaining("is not before until");

    String token = list("target", "web", "limit", "1").next().orElseThrow();
    assertThatThrownBy(() -> list("target", "shop", "next", token))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--next: ");
    assertThatThrownBy(() -> list("target", "shop", "next", "garbage"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--next: ");
    assertThatThrownBy(() -> list("next", token))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--next: a continuation token continues one query");
  }

  private static InvalidQueryException catchInvalid(Runnable parse) {
    try {
      parse.run();
    } catch (InvalidQueryException e) {
      return e;
    }
    throw new AssertionError("the API's parsers took it");
  }
}
