package dev.probefleet.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.RegionRound;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.probing.StoredEvidence;
import dev.probefleet.store.contract.Rounds;
import dev.probefleet.store.contract.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule for baselines, as diagnose and the analyzer use it. */
class BaselineLearningTest {
  private static final Fingerprinter FINGERPRINTER = Fingerprinter.defaults();
  private final BaselineLearning learning =
      new BaselineLearning(BaselineLearner.DEFAULT, FINGERPRINTER);

  private static RoundSlot slot(int minute) {
    return new RoundSlot(
        Instant.parse("2026-11-24T09:00:00Z").plus(Duration.ofMinutes(minute)),
        Duration.ofMinutes(1));
  }

  /** The round as the prober hands it over: each representative answer fingerprinted. */
  private static RoundRecord probed(RoundRecord round) {
    return new RoundRecord(
        round.target(),
        round.slot(),
        round.region(),
        round.startedAt(),
        round.observations().stream()
            .map(
                o ->
                    o.representative().response().isPresent()
                        ? o.withFingerprint(
                            FINGERPRINTER.fingerprint(o.representative().response().get()))
                        : o)
            .toList(),
        round.confirmations(),
        round.unprobed());
  }

  private List<RegionRound> fingerprinted(RoundRecord... rounds) {
    return List.of(rounds).stream().map(learning::fingerprinted).toList();
  }

  @Test
  void theProbersFingerprintIsUsedAndAStoredResponseFingerprintedOtherwise() {
    RoundRecord round = Rounds.healthy("shop", slot(0), "us-east-1");
    Fingerprint caddy =
        new Fingerprint("caddy", Fingerprint.Role.WEB_SERVER, List.of(), "", 0.9, List.of());
    PathObservation lb = round.of(PathKind.LB).get(0).withFingerprint(caddy);
    RoundRecord mixed =
        new RoundRecord(
            "shop",
            round.slot(),
            "us-east-1",
            round.startedAt(),
            List.of(round.of(PathKind.CDN).get(0), lb, round.of(PathKind.ORIGIN).get(0)));

    RegionRound fingerprinted = learning.fingerprinted(mixed);

    assertThat(fingerprinted.fingerprint("lb")).as("the prober's, not recomputed").contains(caddy);
    assertThat(fingerprinted.fingerprint("origin[0]").orElseThrow().generator()).isEqualTo("nginx");
    assertThat(fingerprinted.fingerprint("cdn").orElseThrow().passedThrough())
        .contains("cloudfront");
  }

  @Test
  void everyHealthySampleOfEveryRegionIsCountedAndFailingPathsLearnNothing() {
    RoundRecord us = Rounds.originRefusing("shop", slot(0), "us-east-1");
    RoundRecord eu = Rounds.cdnFailing("shop", slot(0), "eu-west-1");

    Map<String, PathBaseline> changed = learning.learn("shop", Map.of(), fingerprinted(us, eu));

    assertThat(changed)
        .as("us: everything failed; eu: lb and origin answered")
        .containsOnlyKeys("lb", "origin[0]");
    assertThat(changed.get("lb").samples()).isEqualTo(1);
    assertThat(changed.get("lb").generators()).containsEntry("nginx", 1);
    assertThat(changed.get("lb").pathKey()).isEqualTo("shop/lb");

    Map<String, PathBaseline> both =
        learning.learn(
            "shop",
            Map.of(),
            fingerprinted(
                Rounds.healthy("shop", slot(1), "us-east-1"),
                Rounds.healthy("shop", slot(1), "eu-west-1")));
    assertThat(both).containsOnlyKeys("cdn", "lb", "origin[0]");
    assertThat(both.get("lb").samples()).isEqualTo(2);
  }

  @Test
  void aBurstCountsEachHealthySampleWithItsFirstHealthyAnswer() {
    RoundRecord round = Samples.round("shop", "2026-11-24T09:01:00Z", "us-east-1", 200);
    assertThat(round.of(PathKind.LB).get(0).samples()).hasSize(2);

    Map<String, PathBaseline> changed =
        learning.learn("shop", Map.of(), fingerprinted(probed(round)));

    assertThat(changed.get("lb").samples()).isEqualTo(2);
    assertThat(changed.get("lb").generators()).containsOnlyKeys("nginx");
  }

  @Test
  void aSettledBaselineIsNotChangedSoNothingIsWritten() {
    Map<String, PathBaseline> current = new HashMap<>();
    int slotsWithChanges = 0;
    for (int minute = 0; minute < 20; minute++) {
      Map<String, PathBaseline> changed =
          learning.learn(
              "shop",
              current,
              fingerprinted(
                  Rounds.healthy("shop", slot(minute), "us-east-1"),
                  Rounds.healthy("shop", slot(minute), "eu-west-1")));
      if (!changed.isEmpty()) {
        slotsWithChanges++;
      }
      current.putAll(changed);
    }

    assertThat(slotsWithChanges)
        .as(
            "2 answers a slot: the generator settles after 10 samples, the usual latency once %d"
                + " timings fill its window",
            BaselineLearner.LATENCY_WINDOW)
        .isEqualTo(BaselineLearner.LATENCY_WINDOW / 2);
    assertThat(learning.generators(current).generator("lb")).contains("nginx");
    assertThat(learning.generators(current).generator("origin[0]")).contains("nginx");
    assertThat(
            learning.learn(
                "shop",
                current,
                fingerprinted(Rounds.originRefusing("shop", slot(21), "us-east-1"))))
        .as("a failing slot teaches nothing")
        .isEmpty();
  }

  @Test
  void theUsualLatencyOfHealthyAnswersIsHandedToAttribution() {
    Map<String, PathBaseline> current = new HashMap<>();
    for (int minute = 0; minute < 3; minute++) {
      current.putAll(
          learning.learn(
              "shop",
              current,
              fingerprinted(
                  Rounds.healthy("shop", slot(minute), "us-east-1"),
                  Rounds.originRefusing("shop", slot(minute), "eu-west-1"))));
    }
    PathBaseline lb = current.get("lb");
    ProbeResult answer =
        Rounds.healthy("shop", slot(0), "us-east-1").of(PathKind.LB).get(0).representative();
    assertThat(lb.latencies())
        .as("one healthy answer a slot; the refusing region's failures teach no latency")
        .hasSize(3)
        .allSatisfy(l -> assertThat(l.ttfbNanos()).isEqualTo(answer.timings().ttfb()));
    assertThat(learning.generators(current).usualTtfb("lb")).contains(answer.timings().ttfb());
    assertThat(learning.generators(Map.of()).usualTtfb("lb")).isEmpty();
  }

  @Test
  void onlyEstablishedGeneratorsAreHandedToAttribution() {
    Map<String, PathBaseline> young =
        learning.learn(
            "shop", Map.of(), fingerprinted(Rounds.healthy("shop", slot(0), "us-east-1")));

    assertThat(learning.generators(young).generators())
        .as("one sample establishes nothing")
        .isEmpty();
  }

  @Test
  void aStoredRoundTeachesWhatTheProbedRoundTaught() {
    // An intermittent path: a burst whose second answer is a 502. The stored round keeps the 502
    // whole and trims the healthy answers; the baseline must learn the same from either.
    Instant at = slot(0).start().plusSeconds(2);
    ProbeResult ok = Samples.result("shop", PathKind.LB, 0, 200, at, 100);
    ProbeResult bad = Samples.result("shop", PathKind.LB, 0, 502, at.plusMillis(40), 100);
    RoundRecord healthy = Rounds.healthy("shop", slot(0), "us-east-1");
    RoundRecord round =
        probed(
            new RoundRecord(
                "shop",
                slot(0),
                "us-east-1",
                healthy.startedAt(),
                List.of(
                    healthy.of(PathKind.CDN).get(0),
                    new PathObservation(PathKind.LB, 0, ok.url(), List.of(ok, bad, ok)),
                    healthy.of(PathKind.ORIGIN).get(0))));

    Map<String, PathBaseline> fromProbed = learning.learn("shop", Map.of(), fingerprinted(round));
    Map<String, PathBaseline> fromStored =
        learning.learn("shop", Map.of(), fingerprinted(StoredEvidence.trim(round)));

    assertThat(fromProbed.get("lb").generators()).containsOnlyKeys("nginx");
    assertThat(fromStored).isEqualTo(fromProbed);
  }
}
