package dev.probefleet.fingerprint.internal;

import dev.probefleet.model.Fingerprint.Where;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conditions of one signal or meaning, all of which must hold. Unset conditions are null or
 * empty. Regexes are compiled case-insensitive except {@code headerLine}.
 *
 * @param header a header that must be present ({@code value}, if set, must match one of its values)
 * @param value regex for {@code header}'s value
 * @param headers more headers that must be present with matching values
 * @param headerLine regex one raw {@code Name: value} line must match (case kept)
 * @param absent headers that must be missing
 * @param lowercaseHeaderNames whether every header name must be lower case
 * @param body regex found in the body: in the raw body or in the body rendered to text, as {@code
 *     bodyForm} says
 * @param bodyForm which forms of the body {@code body} and {@code anywhere} are looked for in
 * @param anywhere regex found in the body or in a header line
 * @param statuses accepted statuses (empty: any)
 * @param reason regex found in the reason phrase
 * @param contentType regex found in the Content-Type
 * @param minBodyLength least body length (bytes), or -1
 * @param maxBodyLength most body length (bytes), or -1
 */
public record Condition(
    String header,
    Pattern value,
    Map<String, Pattern> headers,
    Pattern headerLine,
    List<String> absent,
    boolean lowercaseHeaderNames,
    Pattern body,
    BodyForm bodyForm,
    Pattern anywhere,
    Set<Integer> statuses,
    Pattern reason,
    Pattern contentType,
    long minBodyLength,
    long maxBodyLength) {

  /**
   * The forms of the body a body regex is looked for in. A page's words are usually written against
   * {@link #EITHER}, so they match the HTML and the same page pasted as text; markup against {@link
   * #RAW} (it cannot be in the text); an exact whole-body match against {@link #RAW} too, when the
   * text of some other page could equal it.
   */
  public enum BodyForm {
    /** The raw body, then the body rendered to text. */
    EITHER,
    /** Only the body as received. */
    RAW,
    /** Only the body rendered to text ({@link PageText}). */
    TEXT
  }

  /** What a condition found: where, and the named groups its regexes captured. */
  public record Hit(Where where, Map<String, String> groups) {}

  public Condition {
    headers = Map.copyOf(headers);
    absent = List.copyOf(absent);
    statuses = Set.copyOf(statuses);
    bodyForm = bodyForm == null ? BodyForm.EITHER : bodyForm;
  }

  /** Whether the condition tests anything at all. */
  public boolean isEmpty() {
    return header == null
        && headers.isEmpty()
        && headerLine == null
        && absent.isEmpty()
        && !lowercaseHeaderNames
        && body == null
        && anywhere == null
        && statuses.isEmpty()
        && reason == null
        && contentType == null
        && minBodyLength < 0
        && maxBodyLength < 0;
  }

  /** Tests a response; empty when a condition does not hold. */
  public Optional<Hit> test(ResponseView response) {
    Map<String, String> groups = new LinkedHashMap<>();
    if (!statuses.isEmpty() && !statuses.contains(response.status())) {
      return Optional.empty();
    }
    if (reason != null && !find(reason, response.reason(), groups)) {
      return Optional.empty();
    }
    if (header != null && !headerMatches(response, header, value, groups)) {
      return Optional.empty();
    }
    for (Map.Entry<String, Pattern> e : headers.entrySet()) {
      if (!headerMatches(response, e.getKey(), e.getValue(), groups)) {
        return Optional.empty();
      }
    }
    if (headerLine != null
        && response.headerLines().stream().noneMatch(l -> find(headerLine, l, groups))) {
      return Optional.empty();
    }
    for (String name : absent) {
      if (response.headers().has(name)) {
        return Optional.empty();
      }
    }
    if (lowercaseHeaderNames && !response.lowercaseHeaderNames()) {
      return Optional.empty();
    }
    if (contentType != null
        && !response.contentType().map(t -> find(contentType, t, groups)).orElse(false)) {
      return Optional.empty();
    }
    if (minBodyLength >= 0 && response.bodyLength() < minBodyLength) {
      return Optional.empty();
    }
    if (maxBodyLength >= 0 && response.bodyLength() > maxBodyLength) {
      return Optional.empty();
    }
    if (body != null && !inBody(body, response, groups)) {
      return Optional.empty();
    }
    Where where = staticWhere();
    if (anywhere != null) {
      if (inBody(anywhere, response, groups)) {
        where = Where.BODY;
      } else if (response.headerLines().stream().anyMatch(l -> find(anywhere, l, groups))) {
        where = where == Where.BODY ? Where.BODY : Where.HEADER;
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new Hit(where, groups));
  }

  /** Where evidence of this kind is found, ignoring {@code anywhere}. */
  public Where staticWhere() {
    if (body != null || minBodyLength >= 0 || maxBodyLength >= 0) {
      return Where.BODY;
    }
    if (header != null
        || !headers.isEmpty()
        || headerLine != null
        || !absent.isEmpty()
        || lowercaseHeaderNames
        || contentType != null) {
      return Where.HEADER;
    }
    return anywhere != null ? Where.BODY : Where.STATUS;
  }

  private boolean inBody(Pattern pattern, ResponseView response, Map<String, String> groups) {
    return switch (bodyForm) {
      case RAW -> find(pattern, response.body(), groups);
      case TEXT -> find(pattern, response.text(), groups);
      case EITHER ->
          find(pattern, response.body(), groups)
              || (!response.text().equals(response.body())
                  && find(pattern, response.text(), groups));
    };
  }

  private static boolean headerMatches(
      ResponseView response, String name, Pattern value, Map<String, String> groups) {
    List<String> values = response.headers().all(name);
    if (values.isEmpty()) {
      return false;
    }
    return value == null || values.stream().anyMatch(v -> find(value, v, groups));
  }

  private static boolean find(Pattern pattern, String text, Map<String, String> groups) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return false;
    }
    for (String name : pattern.namedGroups().keySet()) {
      String captured = m.group(name);
      if (captured != null) {
        groups.putIfAbsent(name, captured.strip());
      }
    }
    return true;
  }
}
