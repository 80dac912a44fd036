package dev.probefleet.bench;

import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.TlsSession;
import dev.probefleet.probing.StoredEvidence;
import dev.probefleet.store.contract.Rounds;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rounds as the probe function stores them: the fixture rounds of {@link Rounds} with a TLS leaf on
 * the HTTPS paths, each path fingerprinted where it was probed, healthy answers trimmed ({@link
 * StoredEvidence}) — so item sizes, write units and the analyzer's work are a real fleet's.
 */
final class FleetRounds {
  private final BaselineLearning learning =
      new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults());

  RoundRecord stored(String target, RoundSlot slot, String region, boolean failing) {
    RoundRecord raw =
        failing
            ? Rounds.originRefusing(target, slot, region)
            : Rounds.healthy(target, slot, region);
    List<PathObservation> observations =
        raw.observations().stream()
            .map(o -> withTls(o, target))
            .map(o -> withFingerprint(o, raw))
            .toList();
    return StoredEvidence.trim(
        new RoundRecord(target, slot, region, raw.startedAt(), observations, List.of(), List.of()));
  }

  private PathObservation withFingerprint(PathObservation o, RoundRecord raw) {
    return o.representative()
        .response()
        .map(r -> o.withFingerprint(learning.fingerprinter().fingerprint(r)))
        .orElse(o);
  }

  private static PathObservation withTls(PathObservation o, String target) {
    if (!o.url().startsWith("https")) {
      return o;
    }
    ProbeResult r = o.representative();
    TlsSession tls =
        new TlsSession(
            "TLSv1.3",
            "TLS_AES_128_GCM_SHA256",
            target + ".example.com",
            List.of(
                new CertificateInfo(
                    "CN=" + target + ".example.com",
                    List.of(target + ".example.com", "www." + target + ".example.com"),
                    "CN=R11,O=Let's Encrypt,C=US",
                    Instant.parse("2026-10-01T00:00:00Z"),
                    Instant.parse("2027-01-01T00:00:00Z"),
                    "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0"),
                new CertificateInfo(
                    "CN=R11,O=Let's Encrypt,C=US",
                    List.of(),
                    "CN=ISRG Root X1,O=Internet Security Research Group,C=US",
                    Instant.parse("2024-03-13T00:00:00Z"),
                    Instant.parse("2027-03-12T23:59:59Z"),
                    "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9")),
            Optional.empty(),
            true);
    ProbeResult withTls =
        new ProbeResult(
            r.target(),
            r.path(),
            r.instance(),
            r.url(),
            r.failureClass(),
            r.detail(),
            r.status(),
            r.remoteAddress(),
            r.resolvedAddresses(),
            r.probedAt(),
            r.requestId(),
            r.timings(),
            r.response(),
            Optional.of(tls),
            r.correlation(),
            r.location(),
            r.connectionReused());
    return new PathObservation(o.path(), o.instance(), o.url(), List.of(withTls), o.fingerprint());
  }
}
