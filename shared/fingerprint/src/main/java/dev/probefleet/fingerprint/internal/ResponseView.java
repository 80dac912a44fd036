package dev.probefleet.fingerprint.internal;

import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.ResponseHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the rules look at in a response, computed once: the header lines as {@code Name: value}, the
 * body as text (its first {@value PageText#MAX_INPUT} characters), the body as a browser shows it
 * ({@link PageText}), and the length of the whole body as seen (which may exceed the captured
 * part).
 *
 * @param text the body rendered to text: tags stripped, entities decoded, whitespace collapsed
 */
public record ResponseView(
    int status,
    String reason,
    ResponseHeaders headers,
    List<String> headerLines,
    String body,
    String text,
    long bodyLength,
    boolean lowercaseHeaderNames) {

  public static ResponseView of(CapturedResponse response) {
    List<String> lines =
        response.headers().fields().stream().map(f -> f.name() + ": " + f.value()).toList();
    boolean lowercase =
        !response.headers().fields().isEmpty()
            && response.headers().fields().stream()
                .allMatch(f -> f.name().equals(f.name().toLowerCase(Locale.ROOT)));
    String body = response.bodyText();
    if (body.length() > PageText.MAX_INPUT) {
      // Rules look at the head of a body (error pages are small): a huge one costs no more.
      body = body.substring(0, PageText.MAX_INPUT);
    }
    return new ResponseView(
        response.status(),
        response.reason(),
        response.headers(),
        lines,
        body,
        PageText.render(body),
        Math.max(response.bodyBytes(), response.body().length),
        lowercase);
  }

  /** The Content-Type, if any. */
  public Optional<String> contentType() {
    return headers.first("Content-Type");
  }
}
