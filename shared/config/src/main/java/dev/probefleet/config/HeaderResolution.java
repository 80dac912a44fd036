package dev.probefleet.config;

import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The headers a path's request carries: the target's request headers with the path's merged over
 * them, secret references resolved just before the probe.
 *
 * <p>Merging: names compare without regard to case; a path header replaces the target's header of
 * the same name where that one stood (with the path's spelling and value); the path's other headers
 * follow, in the order written.
 */
public final class HeaderResolution {

  private HeaderResolution() {}

  /** The merged headers, secrets still as references. */
  public static Map<String, HeaderValue> merged(Target target, PathSpec path) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(path, "path");
    Map<String, Map.Entry<String, HeaderValue>> byLowerName = new LinkedHashMap<>();
    target.request().headers().forEach((name, value) -> put(byLowerName, name, value));
    path.headers().forEach((name, value) -> put(byLowerName, name, value));
    Map<String, HeaderValue> merged = new LinkedHashMap<>();
    byLowerName.values().forEach(e -> merged.put(e.getKey(), e.getValue()));
    return merged;
  }

  /**
   * The merged headers with secret references resolved.
   *
   * @throws SecretUnavailableException naming the target, path, header and reference when a secret
   *     cannot be resolved, or resolves to something that cannot be sent as a header value
   */
  public static ResolvedHeaders resolve(Target target, PathSpec path, SecretResolver secrets) {
    Objects.requireNonNull(secrets, "secrets");
    List<ResolvedHeaders.Header> resolved = new ArrayList<>();
    for (Map.Entry<String, HeaderValue> header : merged(target, path).entrySet()) {
      String name = header.getKey();
      switch (header.getValue()) {
        case HeaderValue.Literal literal ->
            resolved.add(new ResolvedHeaders.Header(name, literal.value(), Optional.empty()));
        case HeaderValue.Secret secret -> {
          String value;
          try {
            value = secrets.resolve(secret);
            if (value == null) {
              throw new SecretUnavailableException(secret, "the resolver returned no value");
            }
            checkSendable(secret, value);
          } catch (SecretUnavailableException e) {
            throw e.usedBy(target.name(), path.label(), name);
          }
          resolved.add(new ResolvedHeaders.Header(name, value, Optional.of(secret.reference())));
        }
      }
    }
    return new ResolvedHeaders(resolved);
  }

  /**
   * A resolved value goes on the wire as it is, so it must be one line of visible ASCII; a line
   * break would inject headers. The error says so without showing the value.
   */
  private static void checkSendable(HeaderValue.Secret secret, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c > 0x7e) {
        throw new SecretUnavailableException(
            secret,
            "its value cannot be sent as a header value (it contains a line break, a control"
                + " character or a non-ASCII character at position "
                + (i + 1)
                + ")");
      }
    }
  }

  private static void put(
      Map<String, Map.Entry<String, HeaderValue>> byLowerName, String name, HeaderValue value) {
    byLowerName.put(name.toLowerCase(Locale.ROOT), Map.entry(name, value));
  }
}
