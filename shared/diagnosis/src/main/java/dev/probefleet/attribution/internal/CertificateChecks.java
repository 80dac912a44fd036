package dev.probefleet.attribution.internal;

import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.model.Cause;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.Severity;
import dev.probefleet.model.TlsSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Certificate warnings from every TLS session of the round: a leaf expiring within the threshold
 * (or already expired on an {@code insecure} path, where the probe went on), and a leaf that does
 * not cover the SNI. A probe that failed with {@code TLS_CERTIFICATE_INVALID} is already a fault of
 * its own and is not repeated here.
 */
public final class CertificateChecks {
  private CertificateChecks() {}

  /** One finding per path and problem, with every region that saw it. */
  public static List<Finding> findings(List<RegionRound> rounds, Duration threshold, Instant now) {
    List<Finding> found = new ArrayList<>();
    for (RegionRound round : rounds) {
      for (PathObservation o : round.record().observations()) {
        for (ProbeResult r : o.samples()) {
          if (r.failureClass() == FailureClass.TLS_CERTIFICATE_INVALID || r.tls().isEmpty()) {
            continue;
          }
          TlsSession tls = r.tls().get();
          Layer layer = Node.layerOf(r.path());
          Optional<CertificateInfo> leaf = tls.leaf();
          if (leaf.isPresent() && leaf.get().notAfter().isBefore(now.plus(threshold))) {
            add(found, expiring(layer, r.label(), tls, leaf.get(), now, round.region()));
          }
          if (leaf.isPresent() && !tls.nameMatches()) {
            add(found, mismatch(layer, r.label(), tls, leaf.get(), round.region()));
          }
        }
      }
    }
    return List.copyOf(found);
  }

  private static Finding expiring(
      Layer layer, String path, TlsSession tls, CertificateInfo leaf, Instant now, String region) {
    long days = leaf.daysLeft(now);
    LocalDate date = LocalDate.ofInstant(leaf.notAfter(), ZoneOffset.UTC);
    String when =
        leaf.notAfter().isBefore(now)
            ? "expired on " + date + (days < -1 ? " (" + -days + " days ago)" : "")
            : "expires on " + date + " (in " + Math.max(days, 0) + (days == 1 ? " day)" : " days)");
    return new Finding(
        layer,
        Cause.CERTIFICATE_EXPIRING,
        Severity.WARN,
        Wording.capitalize(Wording.layerName(layer))
            + "'s certificate on "
            + path
            + " for "
            + tls.sni()
            + " "
            + when
            + "; subject "
            + leaf.subject()
            + ", issuer "
            + leaf.issuer()
            + ".",
        Optional.of(path),
        List.of(region));
  }

  private static Finding mismatch(
      Layer layer, String path, TlsSession tls, CertificateInfo leaf, String region) {
    return new Finding(
        layer,
        Cause.TLS_CERTIFICATE_INVALID,
        Severity.WARN,
        Wording.capitalize(Wording.layerName(layer))
            + "'s certificate on "
            + path
            + " does not cover the SNI "
            + tls.sni()
            + " (names: "
            + (leaf.subjectAltNames().isEmpty()
                ? leaf.subject()
                : String.join(", ", leaf.subjectAltNames()))
            + ").",
        Optional.of(path),
        List.of(region));
  }

  private static void add(List<Finding> found, Finding finding) {
    for (int i = 0; i < found.size(); i++) {
      if (found.get(i).sameAs(finding)) {
        found.set(i, found.get(i).seenFrom(finding.regions()));
        return;
      }
    }
    found.add(finding);
  }
}
