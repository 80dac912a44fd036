package dev.probefleet.alert;

import dev.probefleet.alert.internal.AlertJson;
import dev.probefleet.alert.internal.AlertText;
import dev.probefleet.alert.internal.CertificateWording;
import dev.probefleet.attribution.AddedLatency;
import dev.probefleet.attribution.Evidence;
import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.attribution.Scope;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.CertificateFacts;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.runbook.Runbook;
import dev.probefleet.runbook.RunbookContext;
import dev.probefleet.runbook.RunbookStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The alert for one incident transition, with its renderings: readable text for the console and
 * chat ({@link #subject()}, {@link #text()}), the JSON document every SNS subscriber receives
 * ({@link #json()}, which also carries the text as lines, for e-mail), and the SNS message
 * attributes subscribers filter on ({@link #messageAttributes()}). It holds no secrets: probe
 * results never carry request header values, only the generated {@code X-Request-ID} and the ids
 * the hops sent back.
 *
 * @param target the target
 * @param state OPENED, UPDATED or RESOLVED
 * @param layer the incident's layer
 * @param cause the incident's cause
 * @param severity the incident's severity
 * @param scope the incident's regional scope
 * @param regions the affected regions
 * @param alertId incident id + transition number, stable across redeliveries
 * @param incidentId the incident's id
 * @param transition the transition's number
 * @param slot the round slot it happened at
 * @param summary the verdict's summary sentence
 * @param previous for UPDATED, what the incident was before
 * @param evidence per-path evidence of the round
 * @param findings the round's further findings
 * @param correlationIds request ids for log correlation
 * @param runbook next diagnostic steps (empty for RESOLVED)
 */
public record Alert(
    String target,
    TransitionKind state,
    Layer layer,
    Cause cause,
    Severity severity,
    Scope scope,
    List<String> regions,
    String alertId,
    String incidentId,
    int transition,
    RoundSlot slot,
    String summary,
    Optional<Signature> previous,
    Evidence evidence,
    List<Finding> findings,
    List<CorrelationId> correlationIds,
    List<RunbookStep> runbook) {

  /** SNS's limit for one message: body plus message attributes (names, types and values). */
  public static final int SNS_MESSAGE_LIMIT_BYTES = 262_144;

  /**
   * The byte budget of {@link #json()}: SNS's limit less 6,144 bytes for the subject and the
   * message attributes (target names have at most 100 characters, so the attributes take well under
   * 1 KB).
   */
  public static final int JSON_BUDGET_BYTES = SNS_MESSAGE_LIMIT_BYTES - 6_144;

  /** Correlation headers worth quoting from responses, in the order shown. */
  static final List<String> RECEIVED_IDS =
      List.of(
          "X-Request-ID",
          "X-Amz-Cf-Id",
          "X-Amz-Cf-Pop",
          "CF-Ray",
          "X-Amzn-Trace-Id",
          "X-Amzn-RequestId",
          "apigw-requestid",
          "X-Served-By");

  public Alert {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(scope, "scope");
    regions = List.copyOf(regions);
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(evidence, "evidence");
    findings = List.copyOf(findings);
    correlationIds = List.copyOf(correlationIds);
    runbook = List.copyOf(runbook);
  }

  /**
   * The alert for a transition, from the verdict of the round that caused it. Layer, cause,
   * severity and spread are the incident's (for RESOLVED: what it was while open); evidence and
   * findings are the round's.
   */
  public static Alert of(Transition transition, Verdict verdict) {
    Signature s = transition.signature();
    boolean resolved = transition.kind() == TransitionKind.RESOLVED;
    String summary = resolved ? "Resolved: " + verdict.summary() : verdict.summary();
    return new Alert(
        transition.target(),
        transition.kind(),
        s.layer(),
        s.cause(),
        s.severity(),
        s.scope(),
        s.regions(),
        transition.alertId(),
        transition.incidentId(),
        transition.number(),
        transition.slot(),
        summary,
        transition.previous(),
        verdict.evidence(),
        verdict.findings(),
        correlationIds(verdict.evidence()),
        resolved ? List.of() : runbook(s, verdict));
  }

  /**
   * The alert for a transition of an expiring-certificate incident ({@link
   * dev.probefleet.incident.CertificateIncidents}), which has no verdict of its own: the summary
   * names the certificate, the hop and the time left; the certificate's full facts are the one
   * finding; the evidence has no paths (the round's paths are the outage alerts' business) and is
   * attributed to the first region that was served the certificate. Runbook steps are those for
   * {@code CERTIFICATE_EXPIRING} at the path's layer, with hosts and addresses as placeholders.
   *
   * @throws IllegalArgumentException when the transition is not about an expiring certificate
   */
  public static Alert ofCertificate(Transition transition, CertificateFacts facts) {
    return ofCertificate(transition, facts, RunbookContext.EMPTY);
  }

  /**
   * As {@link #ofCertificate(Transition, CertificateFacts)}, with the runbook filled from a context
   * the caller knows (the path's host, address and port from the target's configuration); {@code
   * this.label} defaults to the certificate's path.
   */
  public static Alert ofCertificate(
      Transition transition, CertificateFacts facts, RunbookContext context) {
    Signature s = transition.signature();
    if (s.cause() != Cause.CERTIFICATE_EXPIRING) {
      throw new IllegalArgumentException(
          "alert " + transition.alertId() + " is about " + s.cause() + ", not a certificate");
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put("this.label", facts.path());
    values.putAll(context.values());
    boolean resolved = transition.kind() == TransitionKind.RESOLVED;
    return new Alert(
        transition.target(),
        transition.kind(),
        s.layer(),
        s.cause(),
        s.severity(),
        s.scope(),
        s.regions(),
        transition.alertId(),
        transition.incidentId(),
        transition.number(),
        transition.slot(),
        CertificateWording.summary(transition, facts),
        transition.previous(),
        new Evidence(
            s.regions().isEmpty() ? "none" : s.regions().get(0), List.of(), AddedLatency.UNKNOWN),
        List.of(CertificateWording.finding(transition, facts)),
        List.of(),
        resolved ? List.of() : Runbook.stepsFor(s.layer(), s.cause(), new RunbookContext(values)));
  }

  private static List<RunbookStep> runbook(Signature s, Verdict verdict) {
    if (verdict.layer() == s.layer() && verdict.cause() == s.cause()) {
      return Runbook.stepsFor(verdict);
    }
    return Runbook.stepsFor(s.layer(), s.cause());
  }

  /** The sent {@code X-Request-ID} of every path, then the ids each hop sent back. */
  static List<CorrelationId> correlationIds(Evidence evidence) {
    List<CorrelationId> ids = new ArrayList<>();
    for (PathEvidence p : evidence.paths()) {
      ids.add(new CorrelationId(p.label(), "X-Request-ID", p.requestId(), true));
      for (String header : RECEIVED_IDS) {
        p.correlation().entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(header))
            .filter(e -> !(header.equals("X-Request-ID") && e.getValue().equals(p.requestId())))
            .findFirst()
            .ifPresent(e -> ids.add(new CorrelationId(p.label(), header, e.getValue(), false)));
      }
    }
    return ids;
  }

  /** The e-mail subject: ASCII, one line, under 100 characters (SNS's limit). */
  public String subject() {
    return AlertText.subject(this);
  }

  /** The readable body for e-mail and chat. */
  public String text() {
    return AlertText.body(this);
  }

  /**
   * The alert as the JSON document every subscriber receives (the SNS message body, whatever the
   * protocol), within {@link #JSON_BUDGET_BYTES}: see {@link #json(int)}.
   */
  public String json() {
    return json(JSON_BUDGET_BYTES);
  }

  /**
   * The alert as one JSON object: the verdict fields at top level ({@code alertId incidentId
   * transition state target layer cause severity scope regions slot summary}), {@code subject}, the
   * readable rendering as {@code text} (an array of lines), the per-path evidence with the start of
   * each failing path's error page, correlation ids, findings and runbook. When the document would
   * exceed {@code maxBytes} (UTF-8), evidence is trimmed progressively — error pages first, then
   * origin instances beyond the first few (counted in {@code origin_summary}), then the correlation
   * ids the hops sent back — and each step taken is named in {@code trimmed}. The verdict fields
   * are never trimmed, so a document can exceed a budget too small for them.
   */
  public String json(int maxBytes) {
    return AlertJson.render(this, maxBytes);
  }

  /**
   * SNS message attributes for subscription filters: {@code target layer cause severity state
   * regions alertId}. {@code regions} here is the affected regions joined by commas, {@code none}
   * when there are none (SNS rejects empty values); the SNS publisher sends {@code regions} as a
   * {@code String.Array} built from {@link #regions()} instead, so that a filter on one region
   * matches.
   */
  public Map<String, String> messageAttributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("target", target);
    attributes.put("layer", layer.name());
    attributes.put("cause", cause.name());
    attributes.put("severity", severity.name());
    attributes.put("state", state.name());
    attributes.put("regions", regions.isEmpty() ? "none" : String.join(",", regions));
    attributes.put("alertId", alertId);
    return Collections.unmodifiableMap(attributes);
  }
}
