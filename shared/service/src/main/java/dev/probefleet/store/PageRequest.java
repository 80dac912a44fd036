package dev.probefleet.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a query to read.
 *
 * <p>{@code limit} bounds the items the store <em>examines</em> for the page, not the items it
 * returns: a query with a filter (say {@code state=open} on a target's incidents) may return fewer
 * items, or none, and still carry a continuation token. One page is one bounded read, so a caller
 * in a Lambda or behind an API always knows what a page costs; it follows the token until there is
 * none ({@link Page#collect} does).
 *
 * @param limit items examined, 1..{@value #MAX_LIMIT}
 * @param continuation the token of the previous page, absent for the first page
 * @throws InvalidQueryException naming {@code limit} or {@code next}
 */
public record PageRequest(int limit, Optional<String> continuation) {
  /** The limit when none is given. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest limit. */
  public static final int MAX_LIMIT = 1000;

  /** The query parameter carrying the continuation token. */
  public static final String TOKEN_PARAMETER = "next";

  public PageRequest {
    Objects.requireNonNull(continuation, "continuation");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidQueryException(
          "limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    if (continuation.isPresent() && continuation.get().isBlank()) {
      throw new InvalidQueryException(TOKEN_PARAMETER, "the continuation token is empty");
    }
  }

  /** The first page. */
  public static PageRequest first(int limit) {
    return new PageRequest(limit, Optional.empty());
  }

  /** The page after the one that returned {@code token}. */
  public static PageRequest after(String token, int limit) {
    return new PageRequest(limit, Optional.of(token));
  }

  /**
   * A page request from query parameters as an API receives them: {@code limit} (optional, a
   * number) and {@code next} (optional, a token).
   *
   * @throws InvalidQueryException naming the parameter that is wrong
   */
  public static PageRequest fromParameters(String limit, String next) {
    int parsed = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        parsed = Integer.parseInt(limit.trim());
      } catch (NumberFormatException e) {
        throw new InvalidQueryException("limit", "'" + limit + "' is not a whole number");
      }
    }
    return new PageRequest(parsed, Optional.ofNullable(next));
  }

  /** The next page's request, with the same limit. */
  public PageRequest next(String token) {
    return after(token, limit);
  }
}
