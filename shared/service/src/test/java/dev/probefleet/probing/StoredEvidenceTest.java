package dev.probefleet.probing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.TlsSession;
import dev.probefleet.model.UnprobedPath;
import dev.probefleet.store.contract.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What of a round is stored: every byte of a failing answer, the essentials of a healthy one. */
class StoredEvidenceTest {
  private static final RoundSlot SLOT = Samples.slot("2026-11-24T09:01:00Z");
  private static final Instant AT = SLOT.start().plusSeconds(2);
  private static final Fingerprinter FINGERPRINTER = Fingerprinter.defaults();

  /** A result over TLS whose server presented a leaf and an intermediate. */
  private static ProbeResult withChain(int status) {
    ProbeResult r = Samples.result("shop", PathKind.CDN, 0, status, AT, 2048);
    TlsSession tls = r.tls().orElseThrow();
    CertificateInfo intermediate =
        new CertificateInfo(
            "CN=Test Intermediate",
            List.of(),
            "CN=Test Root",
            Instant.parse("2025-01-01T00:00:00Z"),
            Instant.parse("2030-01-01T00:00:00Z"),
            "cd34");
    TlsSession chain =
        new TlsSession(
            tls.protocol(),
            tls.cipherSuite(),
            tls.sni(),
            List.of(tls.leaf().orElseThrow(), intermediate),
            Optional.of("unable to find valid certification path"),
            tls.nameMatches());
    return new ProbeResult(
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
        Optional.of(chain),
        r.correlation(),
        Optional.of("https://shop.example.com/next"),
        true);
  }

  private static PathObservation fingerprinted(PathObservation o) {
    return o.withFingerprint(
        FINGERPRINTER.fingerprint(o.representative().response().orElseThrow()));
  }

  private static RoundRecord round(PathObservation... observations) {
    return new RoundRecord("shop", SLOT, "us-east-1", SLOT.start(), List.of(observations));
  }

  @Test
  void aHealthyAnswerKeepsWhatTheAnalyzerAndTheStatusNeedAndNothingElse() {
    ProbeResult healthy = withChain(200);
    PathObservation observed = fingerprinted(PathObservation.of(healthy));
    Fingerprint fingerprint = observed.fingerprint().orElseThrow();
    assertThat(fingerprint.generator()).isEqualTo("nginx");

    PathObservation stored = StoredEvidence.trim(round(observed)).observations().get(0);
    ProbeResult kept = stored.samples().get(0);

    assertThat(stored.fingerprint()).as("the baselines learn from it").contains(fingerprint);
    assertThat(kept.failureClass()).isEqualTo(healthy.failureClass());
    assertThat(kept.status()).isEqualTo(200);
    assertThat(kept.timings()).isEqualTo(healthy.timings());
    assertThat(kept.remoteAddress()).isEqualTo(healthy.remoteAddress());
    assertThat(kept.resolvedAddresses()).isEqualTo(healthy.resolvedAddresses());
    assertThat(kept.probedAt()).isEqualTo(healthy.probedAt());
    assertThat(kept.requestId()).isEqualTo(healthy.requestId());
    assertThat(kept.url()).isEqualTo(healthy.url());
    assertThat(kept.location()).isEqualTo(healthy.location());
    assertThat(kept.connectionReused()).isTrue();

    CapturedResponse response = kept.response().orElseThrow();
    CapturedResponse original = healthy.response().orElseThrow();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.version()).isEqualTo("HTTP/1.1");
    assertThat(response.reason()).isEqualTo("OK");
    assertThat(response.bodyBytes()).as("the size is kept").isEqualTo(original.bodyBytes());
    assertThat(response.headers().fields()).as("headers dropped").isEmpty();
    assertThat(response.body()).as("body dropped").isEmpty();
    assertThat(kept.correlation()).as("correlation headers dropped").isEmpty();

    TlsSession tls = kept.tls().orElseThrow();
    assertThat(tls.chain())
        .as("the leaf is kept: its expiry is watched")
        .containsExactly(healthy.tls().orElseThrow().chain().get(0));
    assertThat(tls.verificationError()).contains("unable to find valid certification path");
    assertThat(tls.sni()).isEqualTo("shop.example.com");
    assertThat(tls.protocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void aFailingAnswerIsStoredWhole() {
    ProbeResult failing = withChain(502);
    PathObservation observed = fingerprinted(PathObservation.of(failing));

    PathObservation stored = StoredEvidence.trim(round(observed)).observations().get(0);

    assertThat(stored.samples().get(0)).isEqualTo(failing);
    assertThat(stored.samples().get(0).response().orElseThrow().bodyText())
        .contains("502 Bad Gateway");
    assertThat(stored.samples().get(0).correlation()).containsKey("X-Amz-Cf-Id");
    assertThat(stored.samples().get(0).tls().orElseThrow().chain()).hasSize(2);
    assertThat(stored.fingerprint()).isEqualTo(observed.fingerprint());
  }

  @Test
  void aBurstKeepsItsFailingSamplesWholeAndItsRepresentative() {
    ProbeResult ok = Samples.result("shop", PathKind.LB, 0, 200, AT, 100);
    ProbeResult bad = Samples.result("shop", PathKind.LB, 0, 502, AT.plusMillis(50), 100);
    PathObservation burst =
        fingerprinted(new PathObservation(PathKind.LB, 0, ok.url(), List.of(ok, bad, ok)));

    PathObservation stored = StoredEvidence.trim(round(burst)).observations().get(0);

    assertThat(stored.samples()).hasSize(3);
    assertThat(stored.samples().get(1)).isEqualTo(bad);
    assertThat(stored.representative()).isEqualTo(bad);
    assertThat(stored.failureRate()).isEqualTo(burst.failureRate());
    assertThat(stored.samples().get(2).response().orElseThrow().body()).isEmpty();
    assertThat(
            FINGERPRINTER.fingerprint(stored.samples().get(0).response().orElseThrow()).generator())
        .as("the first healthy answer, which the baseline learns from, stays fingerprintable")
        .isEqualTo("nginx");
  }

  @Test
  void confirmationsAreTrimmedAndUnprobedPathsKept() {
    ProbeResult bad = Samples.result("shop", PathKind.CDN, 0, 502, AT, 100);
    ProbeResult ok = Samples.result("shop", PathKind.CDN, 0, 200, AT.plusSeconds(3), 100);
    RoundRecord round =
        round(fingerprinted(PathObservation.of(bad)))
            .withConfirmations(List.of(fingerprinted(PathObservation.of(ok))))
            .withUnprobed(List.of(new UnprobedPath("origin[0]", "not probed: deadline")));

    RoundRecord stored = StoredEvidence.trim(round);

    assertThat(stored.target()).isEqualTo("shop");
    assertThat(stored.slot()).isEqualTo(SLOT);
    assertThat(stored.region()).isEqualTo("us-east-1");
    assertThat(stored.startedAt()).isEqualTo(round.startedAt());
    assertThat(stored.observations().get(0).samples().get(0)).isEqualTo(bad);
    PathObservation confirmation = stored.confirmation("cdn").orElseThrow();
    assertThat(confirmation.samples().get(0).response().orElseThrow().headers().fields()).isEmpty();
    assertThat(confirmation.samples().get(0).status()).isEqualTo(200);
    assertThat(confirmation.fingerprint()).isEqualTo(round.confirmations().get(0).fingerprint());
    assertThat(stored.unprobed()).isEqualTo(round.unprobed());
    assertThat(stored.complete()).isFalse();
  }

  @Test
  void aHealthyRoundShrinks() {
    RoundRecord round = Samples.round("shop", "2026-11-24T09:01:00Z", "us-east-1", 200);
    RoundRecord stored = StoredEvidence.trim(round);

    long before = bodyBytes(round);
    long after = bodyBytes(stored);
    assertThat(before).isGreaterThan(2000);
    assertThat(after).isZero();
  }

  private static long bodyBytes(RoundRecord round) {
    return round.observations().stream()
        .flatMap(o -> o.samples().stream())
        .flatMap(s -> s.response().stream())
        .mapToLong(r -> r.body().length + r.headers().fields().size() * 40L)
        .sum();
  }
}
