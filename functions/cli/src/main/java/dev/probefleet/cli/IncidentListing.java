package dev.probefleet.cli;

import dev.probefleet.model.Layer;
import dev.probefleet.store.IncidentHistory;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentStatus;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.InvalidQueryException;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The incidents {@code probefleet incidents} lists, from its flags.
 *
 * <p>The flags are the API's parameters of {@code GET /v1/incidents} under the same names, parsed
 * by the same parsers ({@link IncidentQuery#fromParameters}, {@link PageRequest#fromParameters}),
 * so both accept and refuse the same values with the same messages; a refusal names the flag
 * ({@code --layer: 'X' is not one of …}). Two differences, both because a person at a terminal asks
 * differently from a program paging through an API:
 *
 * <ul>
 *   <li>{@code --limit} is the number of incidents shown, not the number examined per page: pages
 *       are followed until that many are found or the history ends.
 *   <li>Without {@code --target}, {@code --layer} or {@code --state open} (a query the API refuses,
 *       since no index serves it), the listing is every layer's incidents merged newest first: one
 *       indexed query per layer, each bounded by the limit and by {@code --since}.
 * </ul>
 */
final class IncidentListing {
  private final List<IncidentQuery> queries;
  private final int limit;
  private final Optional<String> next;

  private IncidentListing(List<IncidentQuery> queries, int limit, Optional<String> next) {
    this.queries = queries;
    this.limit = limit;
    this.next = next;
  }

  /**
   * What a listing found.
   *
   * @param incidents newest first
   * @param next the API's continuation token of what follows, when one query served the listing
   * @param more whether older incidents may follow (beyond the limit)
   */
  record Listing(List<IncidentSummary> incidents, Optional<String> next, boolean more) {}

  /**
   * The listing the flags ask for.
   *
   * @param parameters the flags given, by their API parameter name ({@code target}, {@code layer},
   *     {@code state}, {@code since}, {@code until}, {@code limit}, {@code next})
   * @throws UsageException naming the flag at fault
   */
  static IncidentListing of(Map<String, String> parameters, Clock clock) {
    Map<String, String> query = new LinkedHashMap<>(parameters);
    String limit = query.remove("limit");
    String next = query.remove(PageRequest.TOKEN_PARAMETER);
    PageRequest page = flagged(() -> PageRequest.fromParameters(limit, next));
    if (query.containsKey("target") || query.containsKey("layer")) {
      return new IncidentListing(
          List.of(flagged(() -> IncidentQuery.fromParameters(query, clock))),
          page.limit(),
          page.continuation());
    }
    // Every value is checked as the API checks it, whichever queries follow.
    Map<String, String> anyLayer = new LinkedHashMap<>(query);
    anyLayer.put("layer", Layer.NONE.name());
    IncidentQuery checked = flagged(() -> IncidentQuery.fromParameters(anyLayer, clock));
    if (checked.status().orElse(null) == IncidentStatus.OPEN) {
      return new IncidentListing(
          List.of(flagged(() -> IncidentQuery.fromParameters(query, clock))),
          page.limit(),
          page.continuation());
    }
    if (page.continuation().isPresent()) {
      throw new UsageException(
          "--next: a continuation token continues one query; give it with the --target, --layer"
              + " or --state open it was issued for");
    }
    List<IncidentQuery> layers = new ArrayList<>();
    for (Layer layer : Layer.values()) {
      layers.add(checked.withLayer(layer));
    }
    return new IncidentListing(List.copyOf(layers), page.limit(), Optional.empty());
  }

  /**
   * Reads the listing from the history.
   *
   * @throws UsageException naming {@code --next} when the store refuses the token
   */
  Listing read(IncidentHistory history) {
    if (queries.size() == 1) {
      return flagged(() -> read(history, queries.get(0), next));
    }
    List<IncidentSummary> merged = new ArrayList<>();
    boolean more = false;
    for (IncidentQuery query : queries) {
      Listing layer = read(history, query, Optional.empty());
      merged.addAll(layer.incidents());
      more |= layer.more();
    }
    // Incident ids are ULIDs of the slot an incident opened at: they sort by time.
    merged.sort(Comparator.comparing(IncidentSummary::id).reversed());
    return new Listing(
        List.copyOf(merged.subList(0, Math.min(limit, merged.size()))),
        Optional.empty(),
        more || merged.size() > limit);
  }

  /**
   * One query's incidents, page after page, each page examining no more than the incidents still
   * wanted: the listing never reads past the limit, so the token it ends on continues exactly where
   * it stopped.
   */
  private Listing read(IncidentHistory history, IncidentQuery query, Optional<String> token) {
    List<IncidentSummary> found = new ArrayList<>();
    Optional<String> continuation = token;
    do {
      int wanted = Math.min(limit - found.size(), PageRequest.MAX_LIMIT);
      Page<IncidentSummary> page = history.find(query, new PageRequest(wanted, continuation));
      found.addAll(page.items());
      continuation = page.continuation();
    } while (continuation.isPresent() && found.size() < limit);
    return new Listing(found, continuation, continuation.isPresent());
  }

  /** Runs a parse or a read of the store's, naming the flag of a parameter it refuses. */
  static <T> T flagged(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidQueryException e) {
      String parameter = e.parameter();
      String message = e.getMessage();
      throw new UsageException(
          "--"
              + parameter
              + (message.startsWith(parameter)
                  ? message.substring(parameter.length())
                  : ": " + message));
    }
  }
}
