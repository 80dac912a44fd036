package dev.probefleet.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a query's results.
 *
 * @param items the items, in the query's order; may be empty even when more follow
 * @param continuation the token to read the next page with; absent on the last page
 */
public record Page<T>(List<T> items, Optional<String> continuation) {
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(continuation, "continuation");
  }

  /** Whether another page follows. An empty page may still have one. */
  public boolean hasMore() {
    return continuation.isPresent();
  }

  /**
   * Every item of a query, following continuation tokens (through empty pages) until the last page
   * or until {@code max} items are collected.
   *
   * @param first the first page's request
   * @param max the most items to collect
   */
  public static <T> List<T> collect(
      PageRequest first, int max, Function<PageRequest, Page<T>> query) {
    List<T> all = new ArrayList<>();
    PageRequest request = first;
    while (true) {
      Page<T> page = query.apply(request);
      for (T item : page.items()) {
        if (all.size() == max) {
          return all;
        }
        all.add(item);
      }
      if (page.continuation().isEmpty() || all.size() == max) {
        return all;
      }
      request = request.next(page.continuation().get());
    }
  }
}
