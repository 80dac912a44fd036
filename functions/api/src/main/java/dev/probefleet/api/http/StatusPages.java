package dev.probefleet.api.http;

import dev.probefleet.model.Target;
import dev.probefleet.store.ContinuationTokens;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.StatusStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fleet's status one page at a time: the registry's targets by name (its cached copy, so a page
 * costs no registry read within the cache's TTL), each with the status the analyzer last wrote,
 * read in one batch per page. Targets never analysed are on the page with no status. The
 * continuation token carries the last name of the page, signed like the stores' tokens, so a page
 * follows on by name even when targets were added or removed in between.
 */
@Singleton
public final class StatusPages {
  static final String QUERY = "status";
  private static final Set<String> KEY = Set.of("target");

  private final TargetRegistry registry;
  private final StatusStore statuses;
  private final ContinuationTokens tokens;

  /**
   * @param registry the cached registry (the composition root's primary {@link TargetRegistry})
   */
  StatusPages(TargetRegistry registry, StatusStore statuses, ContinuationTokens tokens) {
    this.registry = registry;
    this.statuses = statuses;
    this.tokens = tokens;
  }

  /** One target and its status, if the analyzer has written one. */
  public record Entry(String name, Optional<TargetStatus> status) {}

  /**
   * @throws dev.probefleet.store.InvalidQueryException for a token not issued for the status
   */
  public Page<Entry> page(PageRequest request, Instant deadline) {
    List<String> names = registry.all(deadline).stream().map(Target::name).sorted().toList();
    int start = 0;
    if (request.continuation().isPresent()) {
      String after = tokens.decode(request.continuation().get(), QUERY, KEY).get("target");
      while (start < names.size() && names.get(start).compareTo(after) <= 0) {
        start++;
      }
    }
    int end = Math.min(names.size(), start + request.limit());
    List<String> slice = names.subList(start, end);
    Map<String, TargetStatus> found =
        slice.isEmpty() ? Map.of() : statuses.statuses(slice, deadline);
    List<Entry> entries =
        slice.stream().map(n -> new Entry(n, Optional.ofNullable(found.get(n)))).toList();
    Optional<String> next =
        end < names.size()
            ? Optional.of(tokens.encode(QUERY, Map.of("target", names.get(end - 1))))
            : Optional.empty();
    return new Page<>(entries, next);
  }
}
