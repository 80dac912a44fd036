package dev.probefleet.store.contract;

import dev.probefleet.attribution.Scope;
import dev.probefleet.incident.IncidentPolicy;
import dev.probefleet.incident.IncidentStep;
import dev.probefleet.incident.Incidents;
import dev.probefleet.incident.RoundSummary;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.store.CommitResult;
import dev.probefleet.store.IncidentCommit;
import dev.probefleet.store.TargetState;
import dev.probefleet.store.TargetStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a target's incident history into a store the way the analyzer does — read the state, apply
 * a round to the real state machine, commit — from round signatures alone, so store tests can lay
 * out incidents at chosen times without building probe rounds.
 */
public final class HistoryWriter {
  public static final Duration MINUTE = Duration.ofMinutes(1);

  private final TargetStateStore store;
  private final String target;
  private final Incidents machine = new Incidents(IncidentPolicy.DEFAULT);
  private final List<Transition> recorded = new ArrayList<>();

  public HistoryWriter(TargetStateStore store, String target) {
    this.store = store;
    this.target = target;
  }

  /** A failing round's signature, all regions, paging. */
  public static Signature failing(Layer layer, Cause cause) {
    return new Signature(layer, cause, Severity.PAGE, Scope.ALL_REGIONS, List.of("us-east-1"));
  }

  public static RoundSlot slot(String start) {
    return new RoundSlot(Instant.parse(start), MINUTE);
  }

  /** Applies one round and commits it; returns the transitions it recorded. */
  public List<Transition> round(RoundSlot slot, Signature signature) {
    TargetState stored = store.load(target, Instant.now().plusSeconds(30));
    IncidentStep step = machine.apply(stored.incidents(), new RoundSummary(slot, signature));
    List<IncidentCommit.Entry> entries = step.transitions().stream().map(this::entry).toList();
    CommitResult result =
        store.commit(
            new IncidentCommit(target, stored.version(), step.state(), entries),
            Instant.now().plusSeconds(30));
    if (!result.committed()) {
      throw new IllegalStateException("unexpected conflict for " + target + " at " + slot);
    }
    recorded.addAll(step.transitions());
    return step.transitions();
  }

  /**
   * An incident of {@code layer} opening at {@code opening} (failing rounds at the slot before and
   * at it) and, when {@code resolve}, resolving three healthy slots later.
   *
   * @return the incident's id
   */
  public String incident(String opening, Layer layer, boolean resolve) {
    RoundSlot at = slot(opening);
    Signature failing = failing(layer, Cause.HTTP_5XX);
    round(at.previous(), failing);
    List<Transition> opened = round(at, failing);
    if (opened.isEmpty()) {
      throw new IllegalStateException("no incident opened for " + target + " at " + at);
    }
    if (resolve) {
      RoundSlot s = at;
      for (int i = 0; i < 3; i++) {
        s = s.next();
        round(s, Signature.HEALTHY);
      }
    }
    return opened.get(0).incidentId();
  }

  /** Every transition recorded through this history, oldest first. */
  public List<Transition> recorded() {
    return List.copyOf(recorded);
  }

  /** The commit entry the analyzer would write for a transition. */
  public IncidentCommit.Entry entry(Transition t) {
    return new IncidentCommit.Entry(
        t, summary(t), "{\"transition\":" + t.number() + "}", message(t));
  }

  public static String summary(Transition t) {
    return t.kind() + " " + t.signature().layer() + " at " + t.slot();
  }

  public static AlertMessage message(Transition t) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("target", t.target());
    attributes.put("layer", t.signature().layer().name());
    attributes.put("cause", t.signature().cause().name());
    attributes.put("severity", t.signature().severity().name());
    attributes.put("state", t.kind().name());
    attributes.put("alertId", t.alertId());
    return new AlertMessage(
        t.alertId(),
        t.target() + " " + t.kind(),
        "Incident " + t.incidentId() + " " + t.kind(),
        "{\"alertId\":\"" + t.alertId() + "\"}",
        attributes,
        t.signature().regions());
  }
}
