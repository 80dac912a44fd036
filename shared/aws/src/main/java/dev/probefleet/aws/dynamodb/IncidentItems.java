package dev.probefleet.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.attribution.Scope;
import dev.probefleet.definitions.Tables;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.store.AlertRecord;
import dev.probefleet.store.DeadLetter;
import dev.probefleet.store.IncidentCommit;
import dev.probefleet.store.IncidentStatus;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.LearnedBaseline;
import dev.probefleet.store.PendingAlert;
import dev.probefleet.store.StoreException;
import dev.probefleet.store.TimelineEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item layout of the {@code incidents} table (see {@link Tables#INCIDENTS}), both ways.
 *
 * <pre>
 * pk               sk                 what
 * TARGET#name      WINDOW             the target's state, certificate incidents and status
 *                                     (one gzip'd JSON document, doc) and its version
 * TARGET#name      BASELINE#label     a path's learned baseline and the slot it learned through
 * INCIDENT#id      META               the incident now; carries the index attributes
 * INCIDENT#id      TRANSITION#000001  a transition with the verdict's evidence
 * INCIDENT#id      ALERT#000001       its alert; pendingMarker PENDING while in the outbox,
 *                                     DEAD once given up (dueKey orders both)
 * </pre>
 *
 * Only META carries {@code incidentTarget}, {@code incidentLayer}, {@code incidentId} and (while
 * open) {@code openMarker}, so the byTarget, byLayer and open indexes hold one item per incident;
 * only an ALERT in the outbox (pending or dead) carries {@code pendingMarker} and {@code dueKey}.
 * Transition numbers are zero-padded so the timeline reads in order.
 */
final class IncidentItems {
  static final String PK = Tables.INCIDENTS.key().partitionKey().name();
  static final String SK = Tables.INCIDENTS.key().sortKey().orElseThrow().name();
  static final String TARGET_ATTR = Tables.INCIDENTS_BY_TARGET.key().partitionKey().name();
  static final String ID_ATTR = Tables.INCIDENTS_BY_TARGET.key().sortKey().orElseThrow().name();
  static final String LAYER_ATTR = Tables.INCIDENTS_BY_LAYER.key().partitionKey().name();
  static final String OPEN_ATTR = Tables.OPEN_INCIDENTS.key().partitionKey().name();
  static final String PENDING_ATTR = Tables.PENDING_ALERTS.key().partitionKey().name();
  static final String DUE_ATTR = Tables.PENDING_ALERTS.key().sortKey().orElseThrow().name();
  static final String ALERT_ID_ATTR = "alertId";

  static final String OPEN = "OPEN";
  static final String PENDING = "PENDING";
  static final String DEAD = "DEAD";
  static final String META = "META";
  static final String WINDOW = "WINDOW";
  static final String TRANSITION_PREFIX = "TRANSITION#";
  static final String ALERT_PREFIX = "ALERT#";
  static final String BASELINE_PREFIX = "BASELINE#";

  private static final ObjectMapper JSON = new ObjectMapper();

  private IncidentItems() {}

  static String targetKey(String target) {
    return "TARGET#" + target;
  }

  static String incidentKey(String incidentId) {
    return "INCIDENT#" + incidentId;
  }

  static String transitionKey(int number) {
    return TRANSITION_PREFIX + String.format("%06d", number);
  }

  static String alertKey(int number) {
    return ALERT_PREFIX + String.format("%06d", number);
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    key.put(PK, s(pk));
    key.put(SK, s(sk));
    return key;
  }

  // --- state --------------------------------------------------------------------------------

  /**
   * The target's state item. Its documents — the incident state, the certificate incidents and the
   * status — travel as one gzip-compressed JSON document in {@code doc}: the item is rewritten
   * every slot, and billed per kilobyte written, so a ~1.9 KB item in plain JSON costs twice what
   * the ~0.7 KB compressed one does. {@code version} and {@code openIncident} stay readable.
   */
  static Map<String, AttributeValue> stateItem(
      String target,
      String stateJson,
      Optional<String> certificatesJson,
      Optional<String> statusJson,
      long version,
      Optional<String> openIncident) {
    Map<String, AttributeValue> item = key(targetKey(target), WINDOW);
    StringBuilder doc = new StringBuilder("{\"state\":").append(stateJson);
    certificatesJson.ifPresent(json -> doc.append(",\"certificates\":").append(json));
    statusJson.ifPresent(json -> doc.append(",\"status\":").append(json));
    doc.append('}');
    item.put("doc", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(doc.toString()))));
    item.put("version", n(version));
    openIncident.ifPresent(id -> item.put("openIncident", s(id)));
    return item;
  }

  /** The documents of a target's state item, parsed once. */
  record StateDocuments(
      JsonNode state, Optional<JsonNode> certificates, Optional<JsonNode> status) {}

  /** The documents of a state item, compressed ({@code doc}) or as the plain attributes of old. */
  static StateDocuments stateDocuments(Map<String, AttributeValue> item) {
    AttributeValue doc = item.get("doc");
    try {
      if (doc == null || doc.b() == null) {
        return new StateDocuments(
            JSON.readTree(str(item, "state")),
            optional(item, "certificates").map(IncidentItems::tree),
            optional(item, "status").map(IncidentItems::tree));
      }
      JsonNode root = JSON.readTree(gunzip(doc.b().asByteArray()));
      JsonNode state = root.get("state");
      if (state == null) {
        throw new StoreException("state item " + describe(item) + " has no state document");
      }
      return new StateDocuments(
          state,
          Optional.ofNullable(root.get("certificates")),
          Optional.ofNullable(root.get("status")));
    } catch (IOException e) {
      throw new StoreException(
          "state item " + describe(item) + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] gunzip(byte[] data) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }

  /** The outbox's sort key: when an alert is due (or was given up), then its id. */
  static String dueKey(Instant at, String alertId) {
    return String.format("%013d#%s", at.toEpochMilli(), alertId);
  }

  // --- transitions and alerts ------------------------------------------------------------------

  static Map<String, AttributeValue> transitionItem(IncidentCommit.Entry entry, Instant now) {
    Transition t = entry.transition();
    Map<String, AttributeValue> item = key(incidentKey(t.incidentId()), transitionKey(t.number()));
    item.put("target", s(t.target()));
    item.put("number", n(t.number()));
    item.put("kind", s(t.kind().name()));
    item.put("slot", s(t.slot().id()));
    item.put("period", s(t.slot().period().toString()));
    putSignature(item, t.signature());
    t.previous().ifPresent(p -> item.put("previous", AttributeValue.fromM(signature(p))));
    item.put("summary", s(entry.summary()));
    item.put("evidence", s(entry.evidence()));
    item.put("alertId", s(t.alertId()));
    item.put("recordedAt", s(now.toString()));
    return item;
  }

  static Map<String, AttributeValue> alertItem(IncidentCommit.Entry entry, Instant now) {
    Transition t = entry.transition();
    AlertMessage alert = entry.alert();
    Map<String, AttributeValue> item = key(incidentKey(t.incidentId()), alertKey(t.number()));
    item.put(ALERT_ID_ATTR, s(alert.alertId()));
    item.put(PENDING_ATTR, s(PENDING));
    item.put(DUE_ATTR, s(dueKey(now, alert.alertId())));
    item.put("attempts", n(0));
    item.put("nextAttemptAt", s(now.toString()));
    item.put("incident", s(t.incidentId()));
    item.put("number", n(t.number()));
    item.put("target", s(t.target()));
    item.put("subject", s(alert.subject()));
    item.put("text", s(alert.text()));
    item.put("json", s(alert.json()));
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    alert.attributes().forEach((k, v) -> attributes.put(k, s(v)));
    item.put("attributes", AttributeValue.fromM(attributes));
    item.put("regions", strings(alert.regions()));
    item.put("createdAt", s(now.toString()));
    return item;
  }

  static TimelineEntry timelineEntry(
      String incidentId, Map<String, AttributeValue> item, Optional<AlertRecord> alert) {
    String where = incidentId + "/" + str(item, SK);
    RoundSlot slot = slot(str(item, "slot"), str(item, "period"), where);
    Optional<Signature> previous =
        item.containsKey("previous")
            ? Optional.of(signature(item.get("previous").m(), where + ".previous"))
            : Optional.empty();
    Transition transition =
        new Transition(
            str(item, "target"),
            incidentId,
            num(item, "number"),
            constant(TransitionKind.class, str(item, "kind"), where + ".kind"),
            slot,
            signature(item, where),
            previous);
    return new TimelineEntry(
        transition,
        str(item, "summary"),
        str(item, "evidence"),
        Instant.parse(str(item, "recordedAt")),
        alert);
  }

  static AlertRecord alertRecord(Map<String, AttributeValue> item) {
    return new AlertRecord(
        alertMessage(item),
        optional(item, PENDING_ATTR).filter(PENDING::equals).isPresent(),
        Instant.parse(str(item, "createdAt")),
        optional(item, "publishedAt").map(Instant::parse),
        optional(item, "messageId"),
        attempts(item),
        optional(item, "lastError"),
        optional(item, "deadLetter"));
  }

  static PendingAlert pendingAlert(Map<String, AttributeValue> item) {
    Instant created = Instant.parse(str(item, "createdAt"));
    return new PendingAlert(
        str(item, "incident"),
        num(item, "number"),
        alertMessage(item),
        created,
        attempts(item),
        optional(item, "lastError"),
        optional(item, "nextAttemptAt").map(Instant::parse).orElse(created));
  }

  static DeadLetter deadLetter(Map<String, AttributeValue> item) {
    return new DeadLetter(
        str(item, "incident"),
        num(item, "number"),
        alertMessage(item),
        Instant.parse(str(item, "createdAt")),
        attempts(item),
        optional(item, "deadLetter").orElse(""),
        Instant.parse(str(item, "deadLetteredAt")));
  }

  private static int attempts(Map<String, AttributeValue> item) {
    AttributeValue value = item.get("attempts");
    return value == null || value.n() == null ? 0 : Integer.parseInt(value.n());
  }

  private static AlertMessage alertMessage(Map<String, AttributeValue> item) {
    Map<String, String> attributes = new LinkedHashMap<>();
    AttributeValue stored = item.get("attributes");
    if (stored != null && stored.hasM()) {
      stored.m().forEach((k, v) -> attributes.put(k, v.s()));
    }
    return new AlertMessage(
        str(item, ALERT_ID_ATTR),
        str(item, "subject"),
        str(item, "text"),
        str(item, "json"),
        attributes,
        strings(item, "regions"));
  }

  // --- incident summary (META) -----------------------------------------------------------------

  static IncidentSummary summary(Map<String, AttributeValue> item) {
    String id = str(item, ID_ATTR);
    String period = str(item, "period");
    IncidentStatus status = constant(IncidentStatus.class, str(item, "status"), id + ".status");
    return new IncidentSummary(
        id,
        str(item, TARGET_ATTR),
        status,
        new Signature(
            constant(Layer.class, str(item, LAYER_ATTR), id + "." + LAYER_ATTR),
            constant(Cause.class, str(item, "cause"), id + ".cause"),
            constant(Severity.class, str(item, "severity"), id + ".severity"),
            constant(Scope.class, str(item, "scope"), id + ".scope"),
            strings(item, "regions")),
        slot(str(item, "openedAt"), period, id + ".openedAt"),
        slot(str(item, "lastTransitionAt"), period, id + ".lastTransitionAt"),
        optional(item, "resolvedAt").map(r -> slot(r, period, id + ".resolvedAt")),
        num(item, "transitions"),
        str(item, "summary"),
        Instant.parse(str(item, "updatedAt")));
  }

  // --- baselines -------------------------------------------------------------------------------

  static Map<String, AttributeValue> baselineItem(
      String target, LearnedBaseline learned, Instant now) {
    PathBaseline b = learned.baseline();
    Map<String, AttributeValue> item = key(targetKey(target), BASELINE_PREFIX + learned.path());
    item.put("path", s(learned.path()));
    item.put("pathKey", s(b.pathKey()));
    item.put("generators", counts(b.generators()));
    item.put("hops", counts(b.hops()));
    item.put("samples", n(b.samples()));
    if (!b.latencies().isEmpty()) {
      // Two number lists of equal length, oldest first: the healthy answers' usual latency.
      item.put("latencyTtfbNanos", numbers(b.latencies().stream().map(l -> l.ttfbNanos())));
      item.put("latencyTotalNanos", numbers(b.latencies().stream().map(l -> l.totalNanos())));
    }
    item.put("learnedThrough", s(learned.learnedThrough().toString()));
    item.put("learnedThroughMs", n(learned.learnedThrough().toEpochMilli()));
    item.put("updatedAt", s(now.toString()));
    return item;
  }

  static LearnedBaseline baseline(Map<String, AttributeValue> item) {
    return new LearnedBaseline(
        str(item, "path"),
        new PathBaseline(
            str(item, "pathKey"),
            counts(item, "generators"),
            counts(item, "hops"),
            num(item, "samples"),
            latencies(item)),
        Instant.ofEpochMilli(Long.parseLong(item.get("learnedThroughMs").n())));
  }

  private static AttributeValue numbers(java.util.stream.Stream<Long> values) {
    return AttributeValue.builder()
        .l(values.map(v -> AttributeValue.builder().n(Long.toString(v)).build()).toList())
        .build();
  }

  /** The learned latencies; none for items written before they were learned. */
  private static List<PathBaseline.Latency> latencies(Map<String, AttributeValue> item) {
    AttributeValue ttfb = item.get("latencyTtfbNanos");
    AttributeValue total = item.get("latencyTotalNanos");
    if (ttfb == null || total == null || !ttfb.hasL() || !total.hasL()) {
      return List.of();
    }
    if (ttfb.l().size() != total.l().size()) {
      throw new StoreException(
          "baseline item "
              + describe(item)
              + ": latencyTtfbNanos and latencyTotalNanos differ in length ("
              + ttfb.l().size()
              + " vs "
              + total.l().size()
              + ")");
    }
    List<PathBaseline.Latency> latencies = new ArrayList<>();
    for (int i = 0; i < ttfb.l().size(); i++) {
      latencies.add(
          new PathBaseline.Latency(
              Long.parseLong(ttfb.l().get(i).n()), Long.parseLong(total.l().get(i).n())));
    }
    return latencies;
  }

  // --- signatures ------------------------------------------------------------------------------

  static void putSignature(Map<String, AttributeValue> item, Signature s) {
    item.putAll(signature(s));
  }

  static Map<String, AttributeValue> signature(Signature s) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put("layer", s(s.layer().name()));
    m.put("cause", s(s.cause().name()));
    m.put("severity", s(s.severity().name()));
    m.put("scope", s(s.scope().name()));
    m.put("regions", strings(s.regions()));
    return m;
  }

  static Signature signature(Map<String, AttributeValue> m, String where) {
    return new Signature(
        constant(Layer.class, str(m, "layer"), where + ".layer"),
        constant(Cause.class, str(m, "cause"), where + ".cause"),
        constant(Severity.class, str(m, "severity"), where + ".severity"),
        constant(Scope.class, str(m, "scope"), where + ".scope"),
        strings(m, "regions"));
  }

  // --- attribute helpers -----------------------------------------------------------------------

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue strings(List<String> values) {
    return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
  }

  private static AttributeValue counts(Map<String, Integer> counts) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    counts.forEach((k, v) -> m.put(k, n(v)));
    return AttributeValue.fromM(m);
  }

  private static Map<String, Integer> counts(Map<String, AttributeValue> item, String name) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    AttributeValue value = item.get(name);
    if (value != null && value.hasM()) {
      value.m().forEach((k, v) -> counts.put(k, Integer.parseInt(v.n())));
    }
    return counts;
  }

  static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.s() == null) {
      throw new StoreException(
          "incident item " + describe(item) + " has no string attribute '" + name + "'");
    }
    return value.s();
  }

  static Optional<String> optional(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
  }

  static int num(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.n() == null) {
      throw new StoreException(
          "incident item " + describe(item) + " has no number attribute '" + name + "'");
    }
    return Integer.parseInt(value.n());
  }

  static List<String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    List<String> out = new ArrayList<>();
    if (value != null && value.hasL()) {
      value.l().forEach(v -> out.add(v.s()));
    }
    return out;
  }

  private static RoundSlot slot(String id, String period, String where) {
    try {
      return new RoundSlot(Instant.parse(id), Duration.parse(period));
    } catch (RuntimeException e) {
      throw new StoreException(
          "incident item " + where + ": '" + id + "' / '" + period + "' is not a round slot", e);
    }
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String name, String where) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          "incident item " + where + ": '" + name + "' is not a " + type.getSimpleName(), e);
    }
  }

  static String describe(Map<String, AttributeValue> item) {
    AttributeValue pk = item.get(PK);
    AttributeValue sk = item.get(SK);
    return (pk == null ? "?" : pk.s()) + "/" + (sk == null ? "?" : sk.s());
  }
}
