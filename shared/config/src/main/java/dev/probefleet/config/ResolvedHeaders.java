package dev.probefleet.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The headers one path's request sends, secrets resolved, in sending order. {@link #toString()}
 * (and each header's) shows a secret's reference in place of its value, so these can be logged.
 *
 * @param headers name and value pairs, names unique without regard to case
 */
public record ResolvedHeaders(List<Header> headers) {

  public ResolvedHeaders {
    headers = List.copyOf(headers);
  }

  /**
   * One header.
   *
   * @param name the name as written
   * @param value the value to send — a secret's actual value for a secret reference
   * @param secretReference the reference the value came from, e.g. {@code ssm:/probefleet/token};
   *     empty for a literal
   */
  public record Header(String name, String value, Optional<String> secretReference) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(secretReference, "secretReference");
    }

    /** Whether the value came from a secret reference. */
    public boolean secret() {
      return secretReference.isPresent();
    }

    /** The value fit for logs: a literal as it is, a secret as its reference. */
    public String shownValue() {
      return secretReference.map(r -> "<secret " + r + ">").orElse(value);
    }

    @Override
    public String toString() {
      return name + ": " + shownValue();
    }
  }

  /** The value of a header, looked up without regard to case. */
  public Optional<String> value(String name) {
    return headers.stream()
        .filter(h -> h.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .map(Header::value)
        .findFirst();
  }

  @Override
  public String toString() {
    return "ResolvedHeaders" + headers;
  }
}
