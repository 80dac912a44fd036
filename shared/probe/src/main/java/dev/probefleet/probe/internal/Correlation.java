package dev.probefleet.probe.internal;

import dev.probefleet.model.ResponseHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response headers that tie a probe to the logs of the hops it crossed, keyed by their
 * canonical spelling whatever case the server used; a repeated header's values are joined with
 * {@code ", "}.
 */
final class Correlation {
  static final List<String> HEADERS =
      List.of(
          "X-Request-ID",
          "X-Amz-Cf-Id",
          "X-Amz-Cf-Pop",
          "CF-Ray",
          "X-Amzn-Trace-Id",
          "X-Served-By",
          "Via",
          "X-Cache",
          "Server");

  private Correlation() {}

  static Map<String, String> of(ResponseHeaders headers) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String name : HEADERS) {
      List<String> values = headers.all(name);
      if (!values.isEmpty()) {
        ids.put(name, String.join(", ", values));
      }
    }
    return ids;
  }
}
