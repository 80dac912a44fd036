package dev.probefleet.incident;

import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A leaf certificate one region was served on one path in a round: what the certificate incident
 * machine ({@link CertificateIncidents}) looks at. Regions are kept apart because CDN edges in
 * different regions may serve different certificates on the same path, and each one that is about
 * to expire is an incident of its own.
 *
 * @param path the path label: {@code cdn}, {@code lb} or {@code origin[i]}
 * @param kind the kind of path; must agree with the label
 * @param region the region that was served it
 * @param certificate the leaf certificate; its {@code sha256} identifies it
 */
public record ServedCertificate(
    String path, PathKind kind, String region, CertificateInfo certificate) {

  public ServedCertificate {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(certificate, "certificate");
    if (PathLabels.kindOf(path) != kind) {
      throw new IllegalArgumentException("path " + path + " is not a " + kind + " path");
    }
    if (region.isBlank()) {
      throw new IllegalArgumentException("the region that was served " + path + " is blank");
    }
    if (certificate.sha256().isBlank()) {
      throw new IllegalArgumentException(
          "the certificate served on "
              + path
              + " ("
              + certificate.subject()
              + ") has no sha256: it cannot be told apart from another");
    }
  }

  /** The certificate's SHA-256 fingerprint, hex: what identifies it. */
  public String sha256() {
    return certificate.sha256();
  }

  /**
   * The leaf certificates a region's round was served: from every sample of every path whose TLS
   * session has a leaf (including samples that failed verification, e.g. an expired certificate —
   * it is still what the path serves), once per path and certificate. A leaf the probe could not
   * hash (empty {@code sha256}) is left out: it cannot be told apart from another.
   */
  public static List<ServedCertificate> of(RoundRecord record) {
    List<ServedCertificate> served = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (PathObservation o : record.observations()) {
      for (ProbeResult sample : o.samples()) {
        Optional<CertificateInfo> leaf = leaf(sample);
        if (leaf.isPresent() && seen.add(o.label() + "\n" + leaf.get().sha256())) {
          served.add(new ServedCertificate(o.label(), o.path(), record.region(), leaf.get()));
        }
      }
    }
    return List.copyOf(served);
  }

  /**
   * The labels of the paths whose TLS handshake showed a leaf certificate in a region's round: the
   * paths that may show that a certificate is no longer served. A path whose handshake failed
   * before a certificate was seen (refused, timed out) is not among them.
   */
  public static Set<String> observedPaths(RoundRecord record) {
    Set<String> labels = new TreeSet<>();
    for (PathObservation o : record.observations()) {
      if (o.samples().stream().anyMatch(s -> leaf(s).isPresent())) {
        labels.add(o.label());
      }
    }
    return Collections.unmodifiableSet(labels);
  }

  private static Optional<CertificateInfo> leaf(ProbeResult sample) {
    return sample.tls().flatMap(t -> t.leaf()).filter(c -> !c.sha256().isBlank());
  }
}
