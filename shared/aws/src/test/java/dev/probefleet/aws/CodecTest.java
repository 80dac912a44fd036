package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.aws.codec.CodecException;
import dev.probefleet.aws.codec.RoundCodec;
import dev.probefleet.aws.codec.TargetCodec;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.Target;
import dev.probefleet.store.contract.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void aTargetSurvivesTheRegistryUnchanged() {
    Target target = Samples.target("shop");
    String json = TargetCodec.encode(target);
    assertThat(TargetCodec.decode(json, "shop")).isEqualTo(target);
  }

  @Test
  void aTargetThatStoresNoBodiesKeepsItsChoiceInTheRegistry() {
    Target target = Samples.target("shop").withStoreBodies(false);
    String json = TargetCodec.encode(target);
    assertThat(json).contains("\"storeBodies\":false");
    assertThat(TargetCodec.decode(json, "shop").storeBodies()).isFalse();
    assertThat(TargetCodec.decode(TargetCodec.encode(Samples.target("shop")), "shop").storeBodies())
        .as("absent means stored, as items written before the field existed")
        .isTrue();
  }

  @Test
  void aStoredTargetHoldsSecretReferencesNeverValues() {
    String json = TargetCodec.encode(Samples.target("shop"));
    assertThat(json).contains("\"secret\":\"SSM\",\"id\":\"/probefleet/token\"");
    assertThat(json).contains("-----BEGIN CERTIFICATE-----"); // the CA bundle is inlined
  }

  @Test
  void aCorruptTargetNamesTheItem() {
    assertThatThrownBy(() -> TargetCodec.decode("{\"v\":1}", "shop"))
        .isInstanceOf(CodecException.class)
        .hasMessage("target shop: field 'name' is missing");
    assertThatThrownBy(() -> TargetCodec.decode("{\"v\":7,\"name\":\"x\"}", "shop"))
        .hasMessage("target shop has unknown encoding version 7");
  }

  @Test
  void aRoundSurvivesStorageWithItsEvidence() {
    RoundRecord round = Samples.round("shop", "2026-11-24T09:01:00Z", "us-east-1", 502);
    byte[] data = RoundCodec.encode(round, 64 * 1024, 300 * 1024);
    RoundRecord back =
        RoundCodec.decode(data, "shop", round.slot(), "us-east-1", round.startedAt(), "k");
    assertThat(back).isEqualTo(round);
  }

  @Test
  void aRoundKeepsEachSamplesHeaderBlockSizeAndThePagesPinnedCause() {
    RoundRecord round = Samples.round("shop", "2026-11-24T09:01:00Z", "us-east-1", 502);
    PathObservation cdn = round.observations().get(0);
    Fingerprint pinned =
        new Fingerprint(
            "haproxy",
            Fingerprint.Role.LOAD_BALANCER,
            List.of("cloudfront"),
            "The server did not send response headers within \"timeout server\".",
            0.95,
            List.of(new Fingerprint.Signal("haproxy.page-504", Fingerprint.Where.BODY, 0.9)),
            Optional.of(Cause.UPSTREAM_TIMEOUT));
    List<PathObservation> observations = new ArrayList<>(round.observations());
    observations.set(0, cdn.withFingerprint(pinned));
    RoundRecord withPage =
        new RoundRecord(
            round.target(), round.slot(), round.region(), round.startedAt(), observations);

    byte[] data = RoundCodec.encode(withPage, 64 * 1024, 300 * 1024);
    RoundRecord back =
        RoundCodec.decode(data, "shop", round.slot(), "us-east-1", round.startedAt(), "k");

    assertThat(back).isEqualTo(withPage);
    assertThat(back.observations().get(0).fingerprint()).contains(pinned);
    assertThat(back.observations().get(0).samples().get(0).headerBytes())
        .isEqualTo(cdn.samples().get(0).headerBytes())
        .isGreaterThan(50);
  }

  @Test
  void storedBodiesAreCutToTheLimitAndTheRecordStaysUnderTheCeiling() {
    RoundRecord round = Samples.round("shop", "2026-11-24T09:01:00Z", "us-east-1", 502);
    byte[] data = RoundCodec.encode(round, 100, 300 * 1024);
    RoundRecord back =
        RoundCodec.decode(data, "shop", round.slot(), "us-east-1", round.startedAt(), "k");
    CapturedResponse cdn = back.observations().get(0).samples().get(0).response().orElseThrow();
    assertThat(cdn.body()).hasSize(100);
    assertThat(cdn.bodyBytes())
        .isEqualTo(
            round.observations().get(0).samples().get(0).response().orElseThrow().bodyBytes());

    // 200 samples of 64 KiB incompressible-ish bodies would be ~13 MB: the codec cuts until it
    // fits.
    List<PathObservation> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      var r =
          Samples.result(
              "shop",
              dev.probefleet.model.PathKind.ORIGIN,
              i,
              502,
              round.slot().start(),
              64 * 1024);
      many.add(PathObservation.of(r));
    }
    RoundRecord big = new RoundRecord("shop", round.slot(), "us-east-1", round.startedAt(), many);
    byte[] bigData = RoundCodec.encode(big, 8 * 1024, 50 * 1024);
    assertThat(bigData.length).isLessThanOrEqualTo(50 * 1024);
    RoundRecord bigBack =
        RoundCodec.decode(bigData, "shop", round.slot(), "us-east-1", round.startedAt(), "k");
    assertThat(bigBack.observations()).hasSize(200);
    assertThat(bigBack.observations().get(199).representative().status()).isEqualTo(502);
  }

  @Test
  void garbageIsAnErrorNamingTheRound() {
    RoundRecord round = Samples.round("shop", "2026-11-24T09:01:00Z", "us-east-1", 200);
    assertThatThrownBy(
            () ->
                RoundCodec.decode(
                    new byte[] {1, 2, 3}, "shop", round.slot(), "x", round.startedAt(), "shop/k"))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("round shop/k cannot be read");
  }

  @Test
  void aRoundOfTwoHundredOriginsInBurstsStaysUnderTheItemLimitAndSaysWhatItCut()
      throws java.io.IOException {
    java.util.Random random = new java.util.Random(7);
    RoundRecord base = Samples.round("big", "2026-11-24T09:01:00Z", "us-east-1", 502);
    List<PathObservation> observations = new ArrayList<>(base.observations().subList(0, 2));
    for (int i = 0; i < 200; i++) {
      List<dev.probefleet.model.ProbeResult> burst = new ArrayList<>();
      for (int j = 0; j < 10; j++) {
        dev.probefleet.model.ProbeResult r =
            Samples.result(
                "big",
                dev.probefleet.model.PathKind.ORIGIN,
                i,
                j % 3 == 0 ? 502 : 200,
                base.slot().start(),
                16 * 1024);
        byte[] noise = new byte[16 * 1024];
        random.nextBytes(noise);
        CapturedResponse resp = r.response().orElseThrow();
        List<String> sans = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
          sans.add(Long.toHexString(random.nextLong()) + ".example.com");
        }
        burst.add(
            new dev.probefleet.model.ProbeResult(
                r.target(),
                r.path(),
                i,
                "https://10.0." + (i / 250) + "." + (i % 250) + ":8443/health",
                r.failureClass(),
                r.detail() + " " + Long.toHexString(random.nextLong()).repeat(40),
                r.status(),
                r.remoteAddress(),
                r.resolvedAddresses(),
                r.probedAt(),
                "req-" + i + "-" + j,
                r.timings(),
                java.util.Optional.of(
                    new CapturedResponse(
                        resp.version(),
                        resp.status(),
                        resp.reason(),
                        resp.headers(),
                        noise,
                        noise.length,
                        true)),
                java.util.Optional.of(
                    new dev.probefleet.model.TlsSession(
                        "TLSv1.3",
                        "TLS_AES_128_GCM_SHA256",
                        "big.example.com",
                        List.of(
                            new dev.probefleet.model.CertificateInfo(
                                "CN=big.example.com",
                                sans,
                                "CN=CA " + Long.toHexString(random.nextLong()),
                                java.time.Instant.parse("2026-01-01T00:00:00Z"),
                                java.time.Instant.parse("2027-01-01T00:00:00Z"),
                                Long.toHexString(random.nextLong()))),
                        java.util.Optional.empty(),
                        true)),
                java.util.Map.of("X-Amz-Cf-Id", Long.toHexString(random.nextLong())),
                java.util.Optional.empty(),
                false));
      }
      observations.add(
          new PathObservation(dev.probefleet.model.PathKind.ORIGIN, i, burst.get(0).url(), burst));
    }
    RoundRecord big =
        new RoundRecord(
            "big", base.slot(), "us-east-1", base.startedAt(), observations, List.of(), List.of());

    byte[] data =
        RoundCodec.encode(big, RoundCodec.DEFAULT_BODY_LIMIT, RoundCodec.DEFAULT_MAX_BYTES);
    assertThat(data.length).isLessThanOrEqualTo(RoundCodec.DEFAULT_MAX_BYTES);
    RoundRecord back =
        RoundCodec.decode(data, "big", big.slot(), "us-east-1", big.startedAt(), "k");
    assertThat(back.observations().get(0))
        .as("the CDN's failing answer keeps its class")
        .satisfies(o -> assertThat(o.representative().status()).isEqualTo(502));
    assertThat(back.of(dev.probefleet.model.PathKind.ORIGIN))
        .as("each kept origin still shows its failing representative")
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.representative().status()).isEqualTo(502));
    String json =
        new String(
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(data))
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).contains("\"trimmed\"");
  }
}
