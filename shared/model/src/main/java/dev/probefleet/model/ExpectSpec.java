package dev.probefleet.model;

import java.util.List;
import java.util.Optional;

/**
 * What a healthy answer looks like.
 *
 * @param status accepted statuses; empty means any 2xx or 3xx
 * @param bodyContains text the captured body must contain, if any
 */
public record ExpectSpec(List<Integer> status, Optional<String> bodyContains) {
  public static final ExpectSpec DEFAULT = new ExpectSpec(List.of(), Optional.empty());

  public ExpectSpec {
    status = List.copyOf(status);
  }

  /** Whether a status is acceptable. */
  public boolean accepts(int code) {
    return status.isEmpty() ? code >= 200 && code < 400 : status.contains(code);
  }
}
