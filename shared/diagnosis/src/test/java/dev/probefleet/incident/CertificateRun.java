package dev.probefleet.incident;

import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.RoundSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds slots to one target's certificate machine and keeps every transition, read as a story:
 * {@code run.at(day(7)).serves("lb", "us-east-1", OLD).apply()}. The clock is the slot: each slot
 * is applied with {@code now} 30 seconds into it, so days left are counted from when the round ran.
 */
final class CertificateRun {
  static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Set<String> ALL_PATHS = Set.of("cdn", "lb", "origin[0]");

  final CertificateIncidents machine;
  CertificateState state = CertificateState.empty("shop");
  final List<Transition> transitions = new ArrayList<>();
  final Map<String, CertificateFacts> facts = new LinkedHashMap<>();
  CertificateOutcome last;

  CertificateRun(CertificatePolicy policy) {
    this.machine = new CertificateIncidents(policy);
  }

  CertificateRun() {
    this(CertificatePolicy.DEFAULT);
  }

  /** The slot {@code days} after T0 (fractions allowed). */
  static RoundSlot day(double days) {
    return RoundSlot.containing(T0.plusSeconds(Math.round(days * 86_400)), MINUTE);
  }

  /** When the slot's round ran. */
  static Instant nowIn(RoundSlot slot) {
    return slot.start().plusSeconds(30);
  }

  /** A leaf certificate: subject CN=name, issuer CN=R11, the sha256 {@code shaChar} × 64. */
  static CertificateInfo cert(String name, char shaChar, Instant notAfter) {
    return new CertificateInfo(
        "CN=" + name,
        List.of(name),
        "CN=R11,O=Let's Encrypt,C=US",
        notAfter.minus(Duration.ofDays(90)),
        notAfter,
        String.valueOf(shaChar).repeat(64));
  }

  /** A certificate ending {@code days} after the round of {@code slot} ran. */
  static CertificateInfo endingIn(double days, RoundSlot slot, char shaChar) {
    return cert("shop.example.com", shaChar, nowIn(slot).plusSeconds(Math.round(days * 86_400)));
  }

  static PathKind kindOf(String path) {
    return PathLabels.kindOf(path);
  }

  /** One slot being put together. */
  final class Slot {
    final RoundSlot slot;
    Instant now;
    final List<ServedCertificate> served = new ArrayList<>();
    final Set<String> observed = new HashSet<>();
    Set<String> configured = ALL_PATHS;

    Slot(RoundSlot slot) {
      this.slot = slot;
      this.now = nowIn(slot);
    }

    /** A region was served this certificate on this path (so the path was observed). */
    Slot serves(String path, String region, CertificateInfo certificate) {
      served.add(new ServedCertificate(path, kindOf(path), region, certificate));
      observed.add(path);
      return this;
    }

    /** The path's handshake showed a certificate, but the caller lists none for it. */
    Slot observed(String path) {
      observed.add(path);
      return this;
    }

    Slot configured(String... paths) {
      configured = Set.of(paths);
      return this;
    }

    Slot now(Instant instant) {
      now = instant;
      return this;
    }

    CertificateStep step() {
      return machine.apply(state, slot, served, observed, configured, now);
    }

    /** Applies the slot and returns its transitions. */
    List<Transition> apply() {
      CertificateStep step = step();
      state = step.state();
      last = step.outcome();
      transitions.addAll(step.transitions());
      step.transitions().forEach(t -> facts.put(t.alertId(), step.factsOf(t)));
      return step.transitions();
    }
  }

  Slot at(RoundSlot slot) {
    return new Slot(slot);
  }

  /** {@code OPENED lb WARN #1}-style lines, one per transition. */
  List<String> story() {
    return transitions.stream()
        .map(
            t ->
                t.kind()
                    + " "
                    + facts.get(t.alertId()).path()
                    + " "
                    + facts.get(t.alertId()).sha256().charAt(0)
                    + " "
                    + t.signature().severity()
                    + " #"
                    + t.number())
        .toList();
  }
}
