package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.aws.codec.CodecException;
import dev.probefleet.aws.codec.RoundCodec;
import dev.probefleet.aws.codec.TargetCodec;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.Target;
import dev.probefleet.store.contract.Samples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void aTargetSurvivesTheRegistryUnchanged() {
    Target target = Samples.target("shop");
    String json = TargetCodec.encode(target);
    assertThat(TargetCodec.decode(json, "shop")).isEqualTo(target);
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
}
