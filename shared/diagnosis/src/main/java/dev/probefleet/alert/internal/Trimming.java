package dev.probefleet.alert.internal;

import dev.probefleet.alert.Alert;
import dev.probefleet.alert.CorrelationId;
import dev.probefleet.attribution.Evidence;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.model.PathKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How much of an alert's evidence one rendering shows. {@link AlertJson} starts from {@link #FULL}
 * and takes {@link #steps} one after the other, each keeping what the one before trimmed, until the
 * document fits its byte budget: the least useful evidence goes first (the error pages are the
 * bulkiest and the fingerprint already says who wrote them), the verdict never. Past the last step,
 * {@link AlertJson} cuts long strings as a last resort.
 *
 * @param bodyBytes how many UTF-8 bytes of each failing path's response body to quote (0: none)
 * @param originsShown how many origin instances to show one by one; the rest are counted in a
 *     summary
 * @param receivedIds whether to show the correlation ids the hops sent back ({@code X-Amz-Cf-Id},
 *     {@code X-Amzn-Trace-Id} …; the probe's own {@code X-Request-ID} always stays)
 * @param findingsShown how many findings to show
 * @param notes what was trimmed, for the document's {@code trimmed} list
 */
record Trimming(
    int bodyBytes, int originsShown, boolean receivedIds, int findingsShown, List<String> notes) {

  /** Bytes of an error page an alert quotes when nothing needs trimming. */
  static final int BODY_EXCERPT_BYTES = 8 * 1024;

  /** Bytes of an error page kept by the first trimming step: its head, title and first lines. */
  static final int SHORT_BODY_BYTES = 1024;

  /** Origin instances shown one by one once origins are collapsed: failing ones first. */
  static final int ORIGINS_KEPT = 5;

  /** Findings kept once findings are cut. */
  static final int FINDINGS_KEPT = 5;

  /** Everything, error pages cut to {@link #BODY_EXCERPT_BYTES}. */
  static final Trimming FULL =
      new Trimming(BODY_EXCERPT_BYTES, Integer.MAX_VALUE, true, Integer.MAX_VALUE, List.of());

  Trimming {
    notes = List.copyOf(notes);
  }

  /**
   * The trimming steps for this alert, cumulative and in order; a step that would change nothing
   * for this alert is left out, so that {@code trimmed} names only what was actually removed.
   */
  static List<Trimming> steps(Alert a) {
    List<Trimming> steps = new ArrayList<>();
    Trimming t = FULL;
    List<PathEvidence> failing =
        a.evidence().paths().stream().filter(PathEvidence::failing).toList();
    if (failing.stream().anyMatch(p -> utf8(p.body()) > SHORT_BODY_BYTES)) {
      t =
          t.with(
              SHORT_BODY_BYTES,
              t.originsShown,
              t.receivedIds,
              t.findingsShown,
              "bodies: cut to " + SHORT_BODY_BYTES + " bytes");
      steps.add(t);
    }
    if (failing.stream().anyMatch(p -> !p.body().isEmpty())) {
      t = t.with(0, t.originsShown, t.receivedIds, t.findingsShown, "bodies");
      steps.add(t);
    }
    int origins = a.evidence().origins().size();
    if (origins > ORIGINS_KEPT) {
      t =
          t.with(
              t.bodyBytes,
              ORIGINS_KEPT,
              t.receivedIds,
              t.findingsShown,
              "origins: " + (origins - ORIGINS_KEPT) + " of " + origins + " shown as summary");
      steps.add(t);
    }
    if (a.correlationIds().stream().anyMatch(id -> !id.sent())
        || a.evidence().paths().stream().anyMatch(p -> !p.correlation().isEmpty())) {
      t = t.with(t.bodyBytes, t.originsShown, false, t.findingsShown, "correlation ids");
      steps.add(t);
    }
    int findings = a.findings().size();
    if (findings > FINDINGS_KEPT) {
      t =
          t.with(
              t.bodyBytes,
              t.originsShown,
              t.receivedIds,
              FINDINGS_KEPT,
              "findings: " + (findings - FINDINGS_KEPT) + " of " + findings + " omitted");
      steps.add(t);
    }
    return steps;
  }

  private Trimming with(int bodies, int origins, boolean received, int findings, String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new Trimming(bodies, origins, received, findings, more);
  }

  /** The origin instances shown one by one: the first failing ones, then the first healthy ones. */
  List<PathEvidence> shownOrigins(Evidence evidence) {
    List<PathEvidence> origins = evidence.origins();
    if (origins.size() <= originsShown) {
      return origins;
    }
    Set<PathEvidence> chosen = new HashSet<>();
    origins.stream().filter(PathEvidence::failing).limit(originsShown).forEach(chosen::add);
    origins.stream()
        .filter(p -> !p.failing())
        .limit(Math.max(0, originsShown - chosen.size()))
        .forEach(chosen::add);
    return origins.stream().filter(chosen::contains).toList();
  }

  /** The origin instances counted in the summary instead of shown. */
  List<PathEvidence> collapsedOrigins(Evidence evidence) {
    Set<PathEvidence> shown = new HashSet<>(shownOrigins(evidence));
    return evidence.origins().stream().filter(p -> !shown.contains(p)).toList();
  }

  /**
   * The alert as this trimming shows it: the shown paths, the findings kept and the correlation ids
   * of the shown paths (only the probe's own when received ids are trimmed). Verdict fields and
   * runbook are the alert's.
   */
  Alert view(Alert a) {
    Evidence e = a.evidence();
    List<PathEvidence> origins = shownOrigins(e);
    List<PathEvidence> paths = new ArrayList<>();
    for (PathEvidence p : e.paths()) {
      if (p.kind() != PathKind.ORIGIN || origins.contains(p)) {
        paths.add(p);
      }
    }
    Set<String> labels = new HashSet<>();
    paths.forEach(p -> labels.add(p.label()));
    List<CorrelationId> ids =
        a.correlationIds().stream()
            .filter(id -> labels.contains(id.path()))
            .filter(id -> receivedIds || id.sent())
            .toList();
    return new Alert(
        a.target(),
        a.state(),
        a.layer(),
        a.cause(),
        a.severity(),
        a.scope(),
        a.regions(),
        a.alertId(),
        a.incidentId(),
        a.transition(),
        a.slot(),
        a.summary(),
        a.previous(),
        new Evidence(e.region(), paths, e.latency()),
        a.findings().subList(0, Math.min(findingsShown, a.findings().size())),
        ids,
        a.runbook());
  }

  /**
   * The first {@code bytes} UTF-8 bytes of a text, ending on a character boundary, with a note of
   * what was cut when something was.
   */
  static String cut(String text, int bytes) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= bytes) {
      return text;
    }
    int end = bytes;
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--; // a continuation byte: the character started before the limit
    }
    return new String(utf8, 0, end, StandardCharsets.UTF_8)
        + "\n[... "
        + (utf8.length - end)
        + " more bytes cut]";
  }

  static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
