package dev.probefleet.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.attribution.Scope;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored form of a {@link CertificateState}: a compact JSON document, versioned so a store can
 * tell what it holds. It is rewritten every slot (the newest slot moves), so keys are short: about
 * 60 bytes with nothing open, about 330 more per open incident (most of it the sha256, subject and
 * issuer).
 *
 * <pre>{@code
 * {"v": 1,                                  version
 *  "t": "shop",                             target
 *  "s": "2026-11-24T09:05:00Z/PT1M" | null,  newest slot applied (start/period)
 *  "o": [                                   open incidents, by path then sha256
 *    {"id": "01K…",                         incident id
 *     "p":  "lb",                           path label: cdn, lb, origin[i] (its kind derives from it)
 *     "h":  "ab12…",                        the certificate's sha256, hex
 *     "sj": "CN=shop.example.com",          subject
 *     "is": "CN=R11,O=Let's Encrypt,C=US",  issuer
 *     "na": "2026-12-14T08:00:00Z",         not after
 *     "sv": "WARN",                         severity: WARN or PAGE
 *     "sc": "all-regions",                  scope: all-regions or regional (latest transition)
 *     "rg": ["eu-west-1", "us-east-1"],     regions served it (latest transition)
 *     "n":  1,                              transitions so far
 *     "oa": "2026-11-24T09:01:00Z/PT1M",    opened at (slot)
 *     "la": "2026-11-24T09:01:00Z/PT1M"}]}  last transition at (slot)
 * }</pre>
 */
public final class CertificateStateJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int VERSION = 1;

  private CertificateStateJson() {}

  public static String write(CertificateState state) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", VERSION);
    root.put("t", state.target());
    root.put("s", state.newest().map(CertificateStateJson::slot).orElse(null));
    ArrayNode open = root.putArray("o");
    for (OpenCertificateIncident i : state.open()) {
      ObjectNode node = open.addObject();
      node.put("id", i.id());
      node.put("p", i.path());
      node.put("h", i.sha256());
      node.put("sj", i.subject());
      node.put("is", i.issuer());
      node.put("na", i.notAfter().toString());
      node.put("sv", i.severity().name());
      node.put("sc", i.scope().key());
      ArrayNode regions = node.putArray("rg");
      i.regions().forEach(regions::add);
      node.put("n", i.transitions());
      node.put("oa", slot(i.openedAt()));
      node.put("la", slot(i.lastTransitionAt()));
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws MalformedIncidentStateException naming the field that cannot be read (e.g. {@code
   *     o[1].na}) and what is wrong with it
   */
  public static CertificateState read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedIncidentStateException("$", "not JSON: " + e.getOriginalMessage(), e);
    }
    return read(root);
  }

  /**
   * Reads what {@link #write} wrote, already parsed (a store that keeps several documents in one
   * parses them once).
   *
   * @throws MalformedIncidentStateException naming the field that cannot be read
   */
  public static CertificateState read(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new MalformedIncidentStateException("$", "not a JSON object", null);
    }
    JsonNode v = required(root, "v", "");
    if (!v.isInt() || v.intValue() != VERSION) {
      throw new MalformedIncidentStateException("v", "unknown version " + v, null);
    }
    String target = text(root, "t", "");
    JsonNode s = root.get("s");
    Optional<RoundSlot> newest =
        s == null || s.isNull() ? Optional.empty() : Optional.of(slot(text(root, "s", ""), "s"));
    JsonNode entries = required(root, "o", "");
    if (!entries.isArray()) {
      throw new MalformedIncidentStateException("o", "not a list", null);
    }
    List<OpenCertificateIncident> open = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      open.add(incident(entries.get(i), "o[" + i + "]"));
    }
    try {
      return new CertificateState(target, open, newest);
    } catch (IllegalArgumentException e) {
      throw new MalformedIncidentStateException("o", e.getMessage(), e);
    }
  }

  private static OpenCertificateIncident incident(JsonNode node, String at) {
    if (!node.isObject()) {
      throw new MalformedIncidentStateException(at, "not an object", null);
    }
    String path = text(node, "p", at);
    try {
      PathLabels.kindOf(path);
    } catch (IllegalArgumentException e) {
      throw new MalformedIncidentStateException(at + ".p", e.getMessage(), e);
    }
    Severity severity = severity(text(node, "sv", at), at + ".sv");
    Scope scope = scope(text(node, "sc", at), at + ".sc");
    JsonNode regionsNode = required(node, "rg", at);
    if (!regionsNode.isArray()) {
      throw new MalformedIncidentStateException(at + ".rg", "not a list", null);
    }
    List<String> regions = new ArrayList<>();
    for (int r = 0; r < regionsNode.size(); r++) {
      JsonNode region = regionsNode.get(r);
      if (!region.isTextual() || region.asText().isBlank()) {
        throw new MalformedIncidentStateException(
            at + ".rg[" + r + "]", "not a region name: " + region, null);
      }
      regions.add(region.asText());
    }
    JsonNode n = required(node, "n", at);
    if (!n.isInt() || n.intValue() < 1) {
      throw new MalformedIncidentStateException(
          at + ".n", "not a transition count (1 or more): " + n, null);
    }
    String id = text(node, "id", at);
    String sha256 = text(node, "h", at);
    try {
      return new OpenCertificateIncident(
          id,
          path,
          sha256,
          text(node, "sj", at),
          text(node, "is", at),
          instant(text(node, "na", at), at + ".na"),
          severity,
          scope,
          regions,
          n.intValue(),
          slot(text(node, "oa", at), at + ".oa"),
          slot(text(node, "la", at), at + ".la"));
    } catch (IllegalArgumentException e) {
      throw new MalformedIncidentStateException(at, e.getMessage(), e);
    }
  }

  private static String slot(RoundSlot slot) {
    return slot.start() + "/" + slot.period();
  }

  private static RoundSlot slot(String text, String at) {
    int slash = text.indexOf('/');
    try {
      return new RoundSlot(
          Instant.parse(text.substring(0, slash)), Duration.parse(text.substring(slash + 1)));
    } catch (RuntimeException e) {
      throw new MalformedIncidentStateException(at, "not a slot: '" + text + "'", e);
    }
  }

  private static Instant instant(String text, String at) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      throw new MalformedIncidentStateException(at, "not an instant: '" + text + "'", e);
    }
  }

  private static Severity severity(String name, String at) {
    if (name.equals(Severity.WARN.name()) || name.equals(Severity.PAGE.name())) {
      return Severity.valueOf(name);
    }
    throw new MalformedIncidentStateException(at, "'" + name + "' is not WARN or PAGE", null);
  }

  private static Scope scope(String key, String at) {
    if (key.equals(Scope.ALL_REGIONS.key())) {
      return Scope.ALL_REGIONS;
    }
    if (key.equals(Scope.REGIONAL.key())) {
      return Scope.REGIONAL;
    }
    throw new MalformedIncidentStateException(
        at, "'" + key + "' is not all-regions or regional", null);
  }

  private static String text(JsonNode node, String field, String at) {
    JsonNode value = required(node, field, at);
    if (!value.isTextual()) {
      throw new MalformedIncidentStateException(name(field, at), "not a string: " + value, null);
    }
    return value.asText();
  }

  private static JsonNode required(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedIncidentStateException(name(field, at), "missing", null);
    }
    return value;
  }

  private static String name(String field, String at) {
    return at.isEmpty() ? field : at + "." + field;
  }
}
