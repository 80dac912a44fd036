package dev.probefleet.store;

import dev.probefleet.config.DurationSyntax;
import dev.probefleet.model.Layer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which incidents to list: those of a target, of a layer, or the open ones, optionally narrowed by
 * the others and by the time they opened ({@code since} inclusive, {@code until} exclusive).
 * Results come newest first.
 *
 * <p>A query names at least a target, a layer or {@code state=open}: each has its own index, so
 * every query reads a bounded slice of the history, never the whole table.
 *
 * @param target only this target's incidents
 * @param layer only incidents whose (current) layer is this one
 * @param status only open, or only resolved, incidents
 * @param since only incidents opened at or after this instant
 * @param until only incidents opened before this instant
 * @throws InvalidQueryException naming the parameter at fault
 */
public record IncidentQuery(
    Optional<String> target,
    Optional<Layer> layer,
    Optional<IncidentStatus> status,
    Optional<Instant> since,
    Optional<Instant> until) {

  /** A time ago in whole days, {@code 7d} (at most 999999: the parse cannot overflow). */
  private static final Pattern DAYS = Pattern.compile("([0-9]{1,6})d");

  /**
   * The query parameters {@link #fromParameters} understands, with those of {@link PageRequest}.
   */
  public static final List<String> PARAMETERS =
      List.of("target", "layer", "state", "since", "until", "limit", PageRequest.TOKEN_PARAMETER);

  public IncidentQuery {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    if (target.isPresent() && target.get().isBlank()) {
      throw new InvalidQueryException("target", "is empty");
    }
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new InvalidQueryException(
          "since", since.get() + " is not before until (" + until.get() + ")");
    }
    if (target.isEmpty() && layer.isEmpty() && status.orElse(null) != IncidentStatus.OPEN) {
      throw new InvalidQueryException(
          "target",
          "a query needs a target, a layer or state=open"
              + status
                  .map(s -> " (state=" + s.key() + " alone would read every incident)")
                  .orElse(""));
    }
  }

  /** A target's incidents. */
  public static IncidentQuery ofTarget(String target) {
    return new IncidentQuery(
        Optional.of(target),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The incidents of a layer. */
  public static IncidentQuery ofLayer(Layer layer) {
    return new IncidentQuery(
        Optional.empty(), Optional.of(layer), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Every open incident. */
  public static IncidentQuery open() {
    return new IncidentQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.of(IncidentStatus.OPEN),
        Optional.empty(),
        Optional.empty());
  }

  public IncidentQuery withTarget(String name) {
    return new IncidentQuery(Optional.of(name), layer, status, since, until);
  }

  public IncidentQuery withLayer(Layer value) {
    return new IncidentQuery(target, Optional.of(value), status, since, until);
  }

  public IncidentQuery withStatus(IncidentStatus value) {
    return new IncidentQuery(target, layer, Optional.of(value), since, until);
  }

  /** Only incidents opened in [{@code from}, {@code to}). */
  public IncidentQuery between(Instant from, Instant to) {
    return new IncidentQuery(target, layer, status, Optional.of(from), Optional.of(to));
  }

  /** Only incidents opened at or after {@code from}. */
  public IncidentQuery since(Instant from) {
    return new IncidentQuery(target, layer, status, Optional.of(from), until);
  }

  /** Only incidents opened before {@code to}. */
  public IncidentQuery until(Instant to) {
    return new IncidentQuery(target, layer, status, since, Optional.of(to));
  }

  /**
   * The query of {@code GET /v1/incidents?target=&layer=&state=&since=&until=} (DESIGN §2), with
   * relative times counted back from the system clock. See {@link #fromParameters(Map, Clock)}.
   *
   * @throws InvalidQueryException naming the parameter at fault and what it should be
   */
  public static IncidentQuery fromParameters(Map<String, String> parameters) {
    return fromParameters(parameters, Clock.systemUTC());
  }

  /**
   * The query of {@code GET /v1/incidents?target=&layer=&state=&since=&until=} (DESIGN §2). {@code
   * limit} and {@code next} are accepted and left to {@link PageRequest#fromParameters}; any other
   * parameter is an error. Times are ISO-8601 instants ({@code 2026-11-24T09:00:00Z}), with an
   * offset ({@code 2026-11-24T10:00:00+01:00}), or a time ago: {@code since=24h} is 24 hours before
   * {@code clock}'s now. A time ago is a whole number and a unit — the durations of the targets
   * file ({@link DurationSyntax}: {@code 500ms 10s 30m 24h}) and whole days ({@code 7d}), since a
   * look back over the history is often counted in days.
   *
   * @param clock the now relative times count back from
   * @throws InvalidQueryException naming the parameter at fault and what it should be
   */
  public static IncidentQuery fromParameters(Map<String, String> parameters, Clock clock) {
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new InvalidQueryException(
            name, "unknown parameter; known: " + String.join(", ", PARAMETERS));
      }
    }
    Optional<String> target = Optional.ofNullable(parameters.get("target")).map(String::trim);
    Optional<Layer> layer =
        Optional.ofNullable(parameters.get("layer")).map(IncidentQuery::parseLayer);
    Optional<IncidentStatus> status =
        Optional.ofNullable(parameters.get("state")).map(IncidentQuery::parseStatus);
    Instant now = clock.instant();
    Optional<Instant> since =
        Optional.ofNullable(parameters.get("since")).map(v -> parseInstant("since", v, now));
    Optional<Instant> until =
        Optional.ofNullable(parameters.get("until")).map(v -> parseInstant("until", v, now));
    return new IncidentQuery(target, layer, status, since, until);
  }

  private static Layer parseLayer(String value) {
    try {
      return Layer.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException(
          "layer", "'" + value + "' is not one of " + names(Layer.values()));
    }
  }

  private static IncidentStatus parseStatus(String value) {
    try {
      return IncidentStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException("state", "'" + value + "' is not open or resolved");
    }
  }

  private static Instant parseInstant(String parameter, String value, Instant now) {
    String text = value.trim();
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      // not an instant in UTC; an offset or a time ago follow
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      // not an instant with an offset either
    }
    try {
      Matcher days = DAYS.matcher(text);
      Duration ago =
          days.matches()
              ? Duration.ofDays(Long.parseLong(days.group(1)))
              : DurationSyntax.parse(text);
      return now.minus(ago);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new InvalidQueryException(
          parameter,
          "'"
              + value
              + "' is neither an ISO-8601 instant such as 2026-11-24T09:00:00Z nor a time ago"
              + " such as 30m, 24h or 7d");
    }
  }

  private static String names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
  }
}
