package dev.probefleet.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The request a target's probes send.
 *
 * @param method HTTP method, upper case ({@code GET} by default)
 * @param headers headers in the order written; names as written
 */
public record RequestSpec(String method, Map<String, HeaderValue> headers) {
  public static final RequestSpec DEFAULT = new RequestSpec("GET", Map.of());

  public RequestSpec {
    Objects.requireNonNull(method, "method");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
