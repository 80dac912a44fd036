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
  /**
   * The longest value a parameter takes (a continuation token is a few hundred characters): a
   * longer one is refused before it is parsed, and never echoed back in full. Behind API Gateway
   * there is no Netty limit on the request line to stop it first.
   */
  static final int MAX_VALUE_LENGTH = 1024;

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
            PathParameters.shown(name),
            known.isEmpty()
                ? "unknown parameter; this endpoint takes none"
                : "unknown parameter; known: " + String.join(", ", known));
      }
      for (String value : parameters.getAll(name)) {
        if (value.length() > MAX_VALUE_LENGTH) {
          throw new InvalidQueryException(
              name,
              "the value is "
                  + value.length()
                  + " characters long; no parameter takes more than "
                  + MAX_VALUE_LENGTH);
        }
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
