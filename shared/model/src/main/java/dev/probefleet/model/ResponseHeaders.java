package dev.probefleet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Response header fields in the order received, names as received; lookups ignore case.
 *
 * @param fields the fields, repeated names kept
 */
public record ResponseHeaders(List<ResponseHeaders.Field> fields) {
  public static final ResponseHeaders EMPTY = new ResponseHeaders(List.of());

  /** One header field. */
  public record Field(String name, String value) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  public ResponseHeaders {
    fields = List.copyOf(fields);
  }

  /** The first value of a header, if present. */
  public Optional<String> first(String name) {
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return Optional.of(f.value());
      }
    }
    return Optional.empty();
  }

  /** Every value of a header, in order. */
  public List<String> all(String name) {
    List<String> values = new ArrayList<>();
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        values.add(f.value());
      }
    }
    return List.copyOf(values);
  }

  /** Whether the header is present. */
  public boolean has(String name) {
    return first(name).isPresent();
  }

  /** Distinct names in lower case, in first-seen order. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (Field f : fields) {
      String lower = f.name().toLowerCase(Locale.ROOT);
      if (!names.contains(lower)) {
        names.add(lower);
      }
    }
    return List.copyOf(names);
  }
}
