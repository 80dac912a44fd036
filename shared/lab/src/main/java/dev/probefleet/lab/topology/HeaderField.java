package dev.probefleet.lab.topology;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** One header field of a message the hop reads or writes, name as written on the wire. */
record HeaderField(String name, String value) {
  HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }

  String lowerName() {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The first value of a field, ignoring case. */
  static Optional<String> first(List<HeaderField> fields, String name) {
    return fields.stream().filter(f -> f.is(name)).map(HeaderField::value).findFirst();
  }

  /** Whether a comma-separated field (e.g. {@code Connection}) carries a token, ignoring case. */
  static boolean hasToken(List<HeaderField> fields, String name, String token) {
    return fields.stream()
        .filter(f -> f.is(name))
        .flatMap(f -> java.util.Arrays.stream(f.value().split(",")))
        .anyMatch(t -> t.trim().equalsIgnoreCase(token));
  }
}
