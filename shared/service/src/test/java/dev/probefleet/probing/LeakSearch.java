package dev.probefleet.probing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Searches outputs for planted secrets and keeps a ledger of where it looked: each place, the bytes
 * searched and the hits. A secret is planted with a random core of letters and digits that no
 * textual encoding changes (URL-encoding, HTML and JSON escaping leave it as it is), so searching
 * for the core finds the value in any of them; the encodings that do change it — base64 of the
 * value, of its credential, URL-encoding of those — are searched for as well.
 *
 * <p>Content is expanded before it is searched: gzip is unpacked (stored rounds are gzipped JSON)
 * and every base64-looking run is decoded and searched too (stored bodies are base64 in that JSON),
 * so a secret cannot hide behind the store's own encodings.
 */
public final class LeakSearch {
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{16,}={0,2}");

  /** One place searched. */
  public record Place(String name, long bytes, Map<String, Integer> hits) {
    public int total() {
      return hits.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final Map<String, String> needles = new LinkedHashMap<>();
  private final List<Place> places = new ArrayList<>();

  /**
   * Plants a secret to look for.
   *
   * @param label what it is, for the ledger (e.g. {@code ssm})
   * @param value the value as the header sends it
   * @param core the random part of it (letters and digits) that every textual encoding keeps
   */
  public LeakSearch secret(String label, String value, String core) {
    if (!core.matches("[A-Za-z0-9]{12,}")) {
      throw new IllegalArgumentException("a core of at least 12 letters and digits: " + core);
    }
    needles.put(label + ":core", core);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("value", value);
    forms.put("url", URLEncoder.encode(value, StandardCharsets.UTF_8));
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(bytes));
    forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    int space = value.indexOf(' ');
    if (space > 0) {
      String credential = value.substring(space + 1);
      forms.put("credential", credential);
      forms.put("credential-url", URLEncoder.encode(credential, StandardCharsets.UTF_8));
    }
    Set<String> seen = new LinkedHashSet<>();
    forms.forEach(
        (name, form) -> {
          if (seen.add(form)) {
            needles.put(label + ":" + name, form);
          }
        });
    return this;
  }

  /** The needles: label to text, for a test that wants to plant them itself. */
  public Map<String, String> needles() {
    return Map.copyOf(needles);
  }

  /** Searches text. */
  public Place search(String place, String content) {
    return search(place, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Searches bytes, expanded (gzip unpacked, base64 runs decoded). */
  public Place search(String place, byte[] content) {
    byte[] expanded = expand(content);
    String text = new String(expanded, StandardCharsets.ISO_8859_1);
    Map<String, Integer> hits = new LinkedHashMap<>();
    needles.forEach(
        (label, needle) -> {
          int count = count(text, needle);
          if (count > 0) {
            hits.put(label, count);
          }
        });
    Place searched = new Place(place, content.length, java.util.Collections.unmodifiableMap(hits));
    places.add(searched);
    return searched;
  }

  /** Every place searched, in order. */
  public List<Place> places() {
    return List.copyOf(places);
  }

  /** The ledger as a table: place, bytes, hits (and which needles hit). */
  public String ledger() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-58s %12s %5s%n", "place", "bytes", "hits"));
    for (Place p : places) {
      out.append(
          String.format(
              "%-58s %12d %5d%s%n",
              p.name(), p.bytes(), p.total(), p.hits().isEmpty() ? "" : "  " + p.hits().keySet()));
    }
    long bytes = places.stream().mapToLong(Place::bytes).sum();
    int hits = places.stream().mapToInt(Place::total).sum();
    out.append(
        String.format("%-58s %12d %5d%n", "total (" + places.size() + " places)", bytes, hits));
    return out.toString();
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }

  /** The content, gunzipped when gzip, followed by every decodable base64 run of it. */
  public static byte[] expand(byte[] content) {
    byte[] plain = gunzipped(content);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(plain);
    Matcher m = BASE64_RUN.matcher(new String(plain, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      String run = m.group();
      for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
        try {
          byte[] decoded = decoder.decode(run);
          out.write('\n');
          out.writeBytes(gunzipped(decoded));
          break;
        } catch (IllegalArgumentException notBase64) {
          // try the other alphabet, or it is just a word
        }
      }
    }
    return out.toByteArray();
  }

  private static byte[] gunzipped(byte[] content) {
    if (content.length < 2 || (content[0] & 0xff) != 0x1f || (content[1] & 0xff) != 0x8b) {
      return content;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
      return in.readAllBytes();
    } catch (IOException e) {
      return content;
    }
  }
}
