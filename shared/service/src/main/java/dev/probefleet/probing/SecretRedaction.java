package dev.probefleet.probing;

import dev.probefleet.config.ResolvedHeaders;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.ResponseHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a target's resolved secret header values out of the evidence its probes brought back,
 * before anything fingerprints, stores, alerts or prints it. Some endpoints reflect the request's
 * headers in their answer — framework debug pages, echo services, proxies' error pages — so a 502
 * page can carry the very token the probe sent; the targets file promises that a secret is never
 * stored or alerted, so the evidence is scrubbed where it is made.
 *
 * <p>Each occurrence is replaced by {@link #MARKER}. Besides the value as sent, the forms a page is
 * likely to show it in are scrubbed too (each only when it differs from the value):
 *
 * <ul>
 *   <li>URL-encoded, as a query string or form echo shows it ({@code +} or {@code %20} for a space,
 *       upper- or lower-case hex);
 *   <li>HTML-escaped and JSON-escaped, as a debug page or a JSON echo shows it;
 *   <li>base64 (standard and URL-safe, padded or not), as a page that encodes headers shows it;
 *   <li>for a {@code scheme credential} value ({@code Bearer abc…}, {@code Basic dXNl…}) the
 *       credential alone, as a page that parsed the header shows it — and for {@code Basic}, the
 *       decoded {@code user:password} and the password alone.
 * </ul>
 *
 * A derived fragment shorter than {@link #SHORTEST_FRAGMENT} characters is not scrubbed (it would
 * blank out ordinary words of the page); the value itself always is, whatever its length. When the
 * probe client's capture limit cut the body inside a secret, the cut-off beginning of it at the end
 * of the captured body is scrubbed as well.
 *
 * <p>What is scrubbed: the status line's reason, every response header (name and value), the body,
 * the outcome's detail, the correlation ids and the redirect location of every sample. The body's
 * length seen ({@link CapturedResponse#bodyBytes()}) moves by what the replacements added or took
 * away, so a complete capture still reads as complete.
 */
public final class SecretRedaction {
  /** What stands in the evidence where a secret was. */
  public static final String MARKER = "[redacted]";

  /** Derived fragments (a credential without its scheme, a password) shorter than this are kept. */
  public static final int SHORTEST_FRAGMENT = 4;

  /** Redacts nothing: a target whose headers hold no secret. */
  public static final SecretRedaction NONE = new SecretRedaction(List.of());

  private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

  /** The forms to scrub, longest first, so a longer form is never left half-replaced. */
  private final List<String> forms;

  private SecretRedaction(List<String> forms) {
    this.forms =
        forms.stream()
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  /** Scrubs the secret values among these headers (literal headers are not secrets). */
  public static SecretRedaction of(List<ResolvedHeaders> headers) {
    Set<String> forms = new LinkedHashSet<>();
    for (ResolvedHeaders resolved : headers) {
      for (ResolvedHeaders.Header header : resolved.headers()) {
        if (header.secret() && !header.value().isEmpty()) {
          forms.addAll(formsOf(header.value()));
        }
      }
    }
    return forms.isEmpty() ? NONE : new SecretRedaction(List.copyOf(forms));
  }

  /** Every form of one secret value this redaction scrubs. */
  static List<String> formsOf(String value) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(value);
    encodings(value, forms);
    int space = value.indexOf(' ');
    if (space > 0) {
      String scheme = value.substring(0, space);
      String credential = value.substring(space + 1).strip();
      if (credential.length() >= SHORTEST_FRAGMENT) {
        forms.add(credential);
        encodings(credential, forms);
      }
      if (scheme.equalsIgnoreCase("Basic")) {
        decodedBasic(credential)
            .ifPresent(
                userPassword -> {
                  forms.add(userPassword);
                  encodings(userPassword, forms);
                  int colon = userPassword.indexOf(':');
                  String password = colon < 0 ? "" : userPassword.substring(colon + 1);
                  if (password.length() >= SHORTEST_FRAGMENT) {
                    forms.add(password);
                    encodings(password, forms);
                  }
                });
      }
    }
    forms.removeIf(f -> !f.equals(value) && f.length() < SHORTEST_FRAGMENT);
    return List.copyOf(forms);
  }

  private static void encodings(String value, Set<String> forms) {
    String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
    forms.add(form);
    forms.add(form.replace("+", "%20"));
    forms.add(lowerHex(form));
    forms.add(lowerHex(form.replace("+", "%20")));
    forms.add(html(value));
    forms.add(value.replace("'", "&#x27;").replace("\"", "&#34;"));
    String json = value.replace("\\", "\\\\").replace("\"", "\\\"");
    forms.add(json);
    forms.add(json.replace("/", "\\/"));
    forms.add(html(json));
    forms.add(URLEncoder.encode(json, StandardCharsets.UTF_8));
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    String base64 = Base64.getEncoder().encodeToString(bytes);
    forms.add(base64);
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    forms.add(Base64.getUrlEncoder().encodeToString(bytes));
    forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  private static String html(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String lowerHex(String urlEncoded) {
    StringBuilder out = new StringBuilder(urlEncoded.length());
    for (int i = 0; i < urlEncoded.length(); i++) {
      char c = urlEncoded.charAt(i);
      if (c == '%' && i + 2 < urlEncoded.length()) {
        out.append(c).append(urlEncoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Optional<String> decodedBasic(String credential) {
    try {
      return Optional.of(
          new String(Base64.getDecoder().decode(credential.strip()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  /** Whether there is anything to scrub. */
  public boolean active() {
    return !forms.isEmpty();
  }

  /** The observation with every sample scrubbed. */
  public PathObservation scrub(PathObservation observation) {
    if (!active()) {
      return observation;
    }
    return new PathObservation(
        observation.path(),
        observation.instance(),
        observation.url(),
        observation.samples().stream().map(this::scrub).toList(),
        observation.fingerprint());
  }

  /** One sample, scrubbed. */
  public ProbeResult scrub(ProbeResult r) {
    if (!active()) {
      return r;
    }
    Map<String, String> correlation = new LinkedHashMap<>();
    r.correlation().forEach((name, value) -> correlation.put(name, scrub(value)));
    return new ProbeResult(
        r.target(),
        r.path(),
        r.instance(),
        r.url(),
        r.failureClass(),
        scrub(r.detail()),
        r.status(),
        r.remoteAddress(),
        r.resolvedAddresses(),
        r.probedAt(),
        r.requestId(),
        r.timings(),
        r.response().map(this::scrub),
        r.tls(),
        correlation,
        r.location().map(this::scrub),
        r.connectionReused());
  }

  /** One response, scrubbed. */
  public CapturedResponse scrub(CapturedResponse response) {
    if (!active()) {
      return response;
    }
    List<ResponseHeaders.Field> fields = new ArrayList<>();
    for (ResponseHeaders.Field f : response.headers().fields()) {
      fields.add(new ResponseHeaders.Field(scrub(f.name()), scrub(f.value())));
    }
    byte[] body = response.body();
    byte[] scrubbed = scrub(body, response.bodyCaptureTruncated());
    return new CapturedResponse(
        response.version(),
        response.status(),
        scrub(response.reason()),
        new ResponseHeaders(fields),
        scrubbed,
        Math.max(scrubbed.length, response.bodyBytes() + scrubbed.length - body.length),
        response.bodyComplete());
  }

  /** A text, scrubbed. */
  public String scrub(String text) {
    String out = text;
    for (String form : forms) {
      out = out.replace(form, MARKER);
    }
    return out;
  }

  /**
   * Body bytes, scrubbed as bytes: a body need not be UTF-8, and decoding it to replace text would
   * change the bytes around the secret. {@code cut}: the capture ended before the body did, so the
   * beginning of a secret at its very end is scrubbed too.
   */
  byte[] scrub(byte[] body, boolean cut) {
    byte[] out = body;
    for (String form : forms) {
      out = replace(out, form.getBytes(StandardCharsets.UTF_8));
    }
    if (cut) {
      for (String form : forms) {
        byte[] needle = form.getBytes(StandardCharsets.UTF_8);
        int tail = cutOffPrefix(out, needle);
        if (tail > 0) {
          byte[] shorter = new byte[out.length - tail + MARKER_BYTES.length];
          System.arraycopy(out, 0, shorter, 0, out.length - tail);
          System.arraycopy(MARKER_BYTES, 0, shorter, out.length - tail, MARKER_BYTES.length);
          out = shorter;
        }
      }
    }
    return out;
  }

  /**
   * How long a beginning of {@code needle} (at least {@link #SHORTEST_FRAGMENT}) ends {@code b}.
   */
  private static int cutOffPrefix(byte[] b, byte[] needle) {
    for (int k = Math.min(needle.length - 1, b.length); k >= SHORTEST_FRAGMENT; k--) {
      boolean match = true;
      for (int i = 0; i < k && match; i++) {
        match = b[b.length - k + i] == needle[i];
      }
      if (match) {
        return k;
      }
    }
    return 0;
  }

  private static byte[] replace(byte[] haystack, byte[] needle) {
    if (needle.length == 0 || haystack.length < needle.length) {
      return haystack;
    }
    java.io.ByteArrayOutputStream out = null;
    int copied = 0;
    for (int i = 0; i <= haystack.length - needle.length; ) {
      if (matches(haystack, i, needle)) {
        if (out == null) {
          out = new java.io.ByteArrayOutputStream(haystack.length);
        }
        out.write(haystack, copied, i - copied);
        out.write(MARKER_BYTES, 0, MARKER_BYTES.length);
        i += needle.length;
        copied = i;
      } else {
        i++;
      }
    }
    if (out == null) {
      return haystack;
    }
    out.write(haystack, copied, haystack.length - copied);
    return out.toByteArray();
  }

  private static boolean matches(byte[] haystack, int at, byte[] needle) {
    for (int j = 0; j < needle.length; j++) {
      if (haystack[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  /** Shows how many forms are scrubbed, never a form. */
  @Override
  public String toString() {
    return "SecretRedaction[" + forms.size() + " forms]";
  }
}
