package dev.probefleet.api.http;

import dev.probefleet.store.InvalidQueryException;
import io.micronaut.http.HttpParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters as the store's parsers take them: one value per name. A parameter
 * given twice is refused rather than one of its values silently chosen (behind API Gateway, {@code
 * a=1&a=2} and {@code a=1,2} arrive alike: both are refused).
 */
final class QueryParameters {
  private QueryParameters() {}

  /**
   * Checks that a request has only the parameters an endpoint takes, each once.
   *
   * @param known the parameters the endpoint takes
   * @throws InvalidQueryException naming an unknown or repeated parameter
   */
  static void check(HttpParameters parameters, List<String> known) {
    for (String name : parameters.names()) {
      if (!known.contains(name)) {
        throw new InvalidQueryException(
            name,
            known.isEmpty()
                ? "unknown parameter; this endpoint takes none"
                : "unknown parameter; known: " + String.join(", ", known));
      }
      int given = parameters.getAll(name).size();
      if (given > 1) {
        throw new InvalidQueryException(
            name, "given " + given + " times (or with a comma); give it once");
      }
    }
  }

  /** The parameters given, by name, as the store's parsers take them (absent ones left out). */
  static Map<String, String> of(String... namesAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        out.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return out;
  }
}
