package dev.probefleet.attribution;

import static dev.probefleet.model.FailureClass.CONNECTION_REFUSED;
import static dev.probefleet.scenario.Pages.haproxy503;
import static dev.probefleet.scenario.Pages.nginx502;
import static dev.probefleet.scenario.Sample.fails;
import static dev.probefleet.scenario.Sample.ok;
import static dev.probefleet.scenario.Sample.session;
import static dev.probefleet.scenario.Sample.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The parts of a verdict beyond layer and cause: scope, rate, findings, evidence, latency. */
class AttributionTest {

  @Nested
  class Regions {
    @Test
    void aFaultSeenEverywhereIsAllRegions() {
      Verdict v =
          Scenario.fullChain()
              .lbUrl("http://lb.example.net/health")
              .in("us-east-1")
              .cdn(nginx502())
              .lb(ok())
              .origin(ok())
              .in("eu-west-1")
              .cdn(nginx502())
              .lb(ok())
              .origin(ok())
              .verdict();
      assertThat(v.scope()).isEqualTo(Scope.ALL_REGIONS);
      assertThat(v.regions()).containsExactly("eu-west-1", "us-east-1");
      assertThat(v.severity()).isEqualTo(Severity.PAGE);
      assertThat(v.summary()).endsWith("Seen from both regions.");
    }

    @Test
    void aFaultSeenFromHalfTheRegionsIsRegionalAndStillPages() {
      Verdict v =
          Scenario.fullChain()
              .lbUrl("http://lb.example.net/health")
              .in("us-east-1")
              .cdn(ok())
              .lb(ok())
              .origin(ok())
              .in("eu-west-1")
              .cdn(nginx502())
              .lb(ok())
              .origin(ok())
              .verdict();
      assertThat(v.layer()).isEqualTo(Layer.CDN);
      assertThat(v.scope()).isEqualTo(Scope.REGIONAL);
      assertThat(v.regions()).containsExactly("eu-west-1");
      assertThat(v.severity()).isEqualTo(Severity.PAGE);
    }

    @Test
    void aFaultSeenFromAMinorityOfRegionsWarns() {
      Verdict v =
          Scenario.fullChain()
              .lbUrl("http://lb.example.net/health")
              .in("us-east-1")
              .cdn(ok())
              .lb(ok())
              .origin(ok())
              .in("eu-west-1")
              .cdn(nginx502())
              .lb(ok())
              .origin(ok())
              .in("ap-south-1")
              .cdn(ok())
              .lb(ok())
              .origin(ok())
              .verdict();
      assertThat(v.layer()).isEqualTo(Layer.CDN);
      assertThat(v.cause()).isEqualTo(Cause.UPSTREAM_CONNECT_FAILED);
      assertThat(v.scope()).isEqualTo(Scope.REGIONAL);
      assertThat(v.severity()).isEqualTo(Severity.WARN);
      assertThat(v.summary()).endsWith("Seen from eu-west-1 only (1 of 3 regions).");
      assertThat(v.evidence().region()).isEqualTo("eu-west-1");
    }

    @Test
    void anotherRegionsDifferentFaultBecomesAFinding() {
      Verdict v =
          Scenario.fullChain()
              .lbUrl("http://lb.example.net/health")
              .in("us-east-1")
              .cdn(haproxy503())
              .lb(haproxy503())
              .origin(ok())
              .in("eu-west-1")
              .cdn(haproxy503())
              .lb(haproxy503())
              .origin(ok())
              .in("ap-south-1")
              .cdn(nginx502())
              .lb(ok())
              .origin(ok())
              .verdict();
      assertThat(v.layer()).isEqualTo(Layer.LOAD_BALANCER);
      assertThat(v.regions()).containsExactly("eu-west-1", "us-east-1");
      assertThat(v.findings())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.layer()).isEqualTo(Layer.CDN);
                assertThat(f.cause()).isEqualTo(Cause.UPSTREAM_CONNECT_FAILED);
                assertThat(f.severity()).isEqualTo(Severity.WARN);
                assertThat(f.regions()).containsExactly("ap-south-1");
              });
    }

    @Test
    void anOriginProbedFromOneRegionOnlyIsBorrowedByTheOthers() {
      Verdict v =
          Scenario.fullChain()
              .originProbedFrom(0, "us-east-1")
              .in("us-east-1")
              .cdn(haproxy503())
              .lb(haproxy503())
              .origin(ok())
              .in("eu-west-1")
              .cdn(haproxy503())
              .lb(haproxy503())
              .verdict();
      assertThat(v.layer()).isEqualTo(Layer.LOAD_BALANCER);
      assertThat(v.scope()).isEqualTo(Scope.ALL_REGIONS);
      assertThat(v.regions()).containsExactly("eu-west-1", "us-east-1");
      assertThat(v.evidence().region()).isEqualTo("eu-west-1");
      assertThat(v.evidence().origins())
          .singleElement()
          .extracting(PathEvidence::region)
          .isEqualTo("us-east-1");
    }

    @Test
    void anOriginMissingFromARoundItShouldBeInIsNotBorrowed() {
      Verdict v =
          Scenario.fullChain()
              .in("us-east-1")
              .cdn(ok())
              .lb(ok())
              .origin(ok())
              .in("eu-west-1")
              .cdn(haproxy503())
              .lb(haproxy503())
              .verdict();
      assertThat(v.layer()).isEqualTo(Layer.INCONCLUSIVE);
      assertThat(v.candidates()).containsExactly(Layer.LOAD_BALANCER, Layer.ORIGIN);
      assertThat(v.regions()).containsExactly("eu-west-1");
      assertThat(v.summary()).contains("with origin (not probed from this region) missing");
    }

    @Test
    void anInconclusiveRegionConsistentWithTheVerdictCountsForIt() {
      Verdict v =
          Scenario.fullChain()
              .originProbedFrom(0, "us-east-1")
              .in("us-east-1")
              .cdn(haproxy503())
              .lb(haproxy503())
              .origin(ok())
              .in("eu-west-1")
              .cdn(haproxy503())
              .verdict();
      assertThat(v.layer()).isEqualTo(Layer.LOAD_BALANCER);
      assertThat(v.regions()).containsExactly("eu-west-1", "us-east-1");
      assertThat(v.findings()).isEmpty();
    }
  }

  @Nested
  class Rates {
    @Test
    void aSolidFailureHasRateOne() {
      assertThat(Scenario.fullChain().cdn(nginx502()).lb(ok()).origin(ok()).verdict().rate())
          .isEqualTo(1.0);
    }

    @Test
    void anIntermittentFailureHasTheBurstsRate() {
      Verdict v =
          Scenario.fullChain()
              .cdn(AttributionTableTest.burst(7, ok(), 3, nginx502()))
              .lb(AttributionTableTest.burst(7, ok(), 3, status(502).page("alb", "")))
              .origin(ok().times(10))
              .verdict();
      assertThat(v.cause()).isEqualTo(Cause.INTERMITTENT_5XX);
      assertThat(v.rate()).isCloseTo(0.3, within(1e-9));
      assertThat(v.summary()).contains("to 3 of 10 requests");
    }

    @Test
    void aHealthyVerdictHasRateZero() {
      assertThat(Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok()).verdict().rate()).isZero();
    }
  }

  @Nested
  class Candidates {
    @Test
    void onlyTheInconclusiveVerdictListsCandidates() {
      assertThat(Scenario.paths(PathKind.CDN).cdn(nginx502()).verdict().candidates())
          .containsExactly(Layer.CDN, Layer.LOAD_BALANCER, Layer.ORIGIN);
      assertThat(
              Scenario.paths(PathKind.CDN, PathKind.ORIGIN)
                  .cdn(nginx502())
                  .origin(ok())
                  .verdict()
                  .candidates())
          .containsExactly(Layer.CDN, Layer.LOAD_BALANCER);
      assertThat(Scenario.fullChain().cdn(nginx502()).lb(ok()).origin(ok()).verdict().candidates())
          .isEmpty();
    }

    @Test
    void theSummaryNamesWhatIsMissing() {
      Verdict v =
          Scenario.paths(PathKind.CDN, PathKind.ORIGIN).cdn(nginx502()).origin(ok()).verdict();
      assertThat(v.summary())
          .contains("with lb missing, the failure is at the CDN or the load balancer")
          .contains("Configure the missing path to decide.");
    }
  }

  @Nested
  class Latency {
    @Test
    void eachLayersAddedLatencyIsTheDifferenceOfMedians() {
      Verdict v =
          Scenario.fullChain()
              .cdn(ok().ttfbMs(50), ok().ttfbMs(54), ok().ttfbMs(500))
              .lb(ok().ttfbMs(30), ok().ttfbMs(31), ok().ttfbMs(29))
              .origin(ok().ttfbMs(10), ok().ttfbMs(12), ok().ttfbMs(11))
              .verdict();
      AddedLatency l = v.evidence().latency();
      assertThat(l.cdnOverLbTtfbMs()).isCloseTo(24.0, within(1e-6));
      assertThat(l.lbOverOriginTtfbMs()).isCloseTo(19.0, within(1e-6));
      // Totals also carry the client side: the lb's name resolution and TLS the origin's IP and
      // plain HTTP do not have (3 ms DNS + 4 ms TLS in these samples).
      assertThat(l.lbOverOriginTotalMs()).isCloseTo(26.0, within(1e-6));
      assertThat(l.cdnOverLbTotalMs()).isCloseTo(24.0, within(1e-6));
    }

    @Test
    void aLayerWithoutHealthySamplesHasNoAddedLatency() {
      AddedLatency l =
          Scenario.fullChain()
              .cdn(ok())
              .lb(ok())
              .origin(fails(CONNECTION_REFUSED))
              .verdict()
              .evidence()
              .latency();
      assertThat(l.lbOverOriginTtfbMs()).isNull();
      assertThat(l.cdnOverLbTtfbMs()).isNotNull();
    }

    @Test
    void latencyAloneNeverFailsAnything() {
      Verdict v =
          Scenario.fullChain()
              .in("us-east-1")
              .cdn(ok().ttfbMs(4900), ok().ttfbMs(3))
              .lb(ok().ttfbMs(4000))
              .origin(ok().ttfbMs(3900))
              .in("eu-west-1")
              .cdn(ok().ttfbMs(1))
              .lb(ok().ttfbMs(2500))
              .origin(ok().ttfbMs(10))
              .verdict();
      assertThat(v.layer()).isEqualTo(Layer.NONE);
      assertThat(v.severity()).isEqualTo(Severity.INFO);
      assertThat(v.findings()).isEmpty();
      assertThat(v.actionable()).isFalse();
    }
  }

  @Nested
  class Certificates {
    private final Instant now = Scenario.NOW;

    @Test
    void aCertificateExpiringWithinTheThresholdIsAWarning() {
      Verdict v =
          Scenario.fullChain()
              .cdn(ok())
              .lb(
                  ok().tls(
                          session(
                              "shop.example.com",
                              now.plus(Duration.ofDays(5)),
                              true,
                              "shop.example.com")))
              .origin(ok())
              .verdict();
      assertThat(v.layer()).isEqualTo(Layer.NONE);
      assertThat(v.findings())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.layer()).isEqualTo(Layer.LOAD_BALANCER);
                assertThat(f.cause()).isEqualTo(Cause.CERTIFICATE_EXPIRING);
                assertThat(f.severity()).isEqualTo(Severity.WARN);
                assertThat(f.path()).contains("lb");
                assertThat(f.summary()).contains("expires on 2026-11-29 (in 5 days)");
              });
    }

    @Test
    void aCertificateBeyondTheThresholdIsNotReported() {
      Scenario s =
          Scenario.fullChain()
              .cdn(
                  ok().tls(
                          session(
                              "shop.example.com",
                              now.plus(Duration.ofDays(20)),
                              true,
                              "shop.example.com")))
              .lb(ok())
              .origin(ok());
      assertThat(s.verdict().findings()).isEmpty();
      assertThat(
              Attribution.attribute(s.input().withCertificateWarning(Duration.ofDays(30)))
                  .findings())
          .extracting(Finding::cause)
          .containsExactly(Cause.CERTIFICATE_EXPIRING);
    }

    @Test
    void aHopWhoseCertificateDoesNotCoverItsSniIsAWarning() {
      Verdict v =
          Scenario.fullChain()
              .cdn(ok())
              .lb(ok())
              .origin(
                  ok().tls(
                          session(
                              "shop.example.com",
                              now.plus(Duration.ofDays(200)),
                              false,
                              "ip-10-0-1-23.internal")))
              .verdict();
      assertThat(v.findings())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.layer()).isEqualTo(Layer.ORIGIN);
                assertThat(f.cause()).isEqualTo(Cause.TLS_CERTIFICATE_INVALID);
                assertThat(f.path()).contains("origin[0]");
                assertThat(f.summary()).contains("does not cover the SNI shop.example.com");
              });
    }

    @Test
    void theSameCertificateSeenFromSeveralRegionsIsOneFinding() {
      var tls = session("shop.example.com", now.plus(Duration.ofDays(2)), true, "shop.example.com");
      Verdict v =
          Scenario.fullChain()
              .in("us-east-1")
              .cdn(ok().tls(tls))
              .lb(ok())
              .origin(ok())
              .in("eu-west-1")
              .cdn(ok().tls(tls))
              .lb(ok())
              .origin(ok())
              .verdict();
      assertThat(v.findings())
          .singleElement()
          .extracting(Finding::regions)
          .isEqualTo(List.of("eu-west-1", "us-east-1"));
    }
  }

  @Nested
  class Evidence {
    @Test
    void everyPathIsCitedWithItsRepresentativeSample() {
      Verdict v =
          Scenario.fullChain()
              .cdn(nginx502().correlation("X-Amz-Cf-Id", "cf-abc==").remote("198.51.100.7:443"))
              .lb(ok())
              .origin(ok(), ok(), fails(CONNECTION_REFUSED))
              .verdict();
      assertThat(v.evidence().paths())
          .extracting(PathEvidence::label)
          .containsExactly("cdn", "lb", "origin[0]");
      PathEvidence cdn = v.evidence().cdn().orElseThrow();
      assertThat(cdn.failureClass()).isEqualTo(FailureClass.HTTP_5XX);
      assertThat(cdn.status()).isEqualTo(502);
      assertThat(cdn.generator()).isEqualTo("nginx");
      assertThat(cdn.remoteAddress()).isEqualTo("198.51.100.7:443");
      assertThat(cdn.requestId()).isEqualTo("req-us-east-1-cdn-0");
      assertThat(cdn.correlation()).containsEntry("X-Amz-Cf-Id", "cf-abc==");
      assertThat(cdn.host()).isEqualTo("shop.example.com");
      PathEvidence origin = v.evidence().origins().get(0);
      assertThat(origin.failureClass()).isEqualTo(FailureClass.CONNECTION_REFUSED);
      assertThat(origin.samples()).isEqualTo(3);
      assertThat(origin.failures()).isEqualTo(1);
      assertThat(origin.requestId()).isEqualTo("req-us-east-1-origin[0]-2");
      assertThat(origin.generator()).isNull();
    }
  }

  @Nested
  class Input {
    @Test
    void aRoundOfAnotherTargetIsRejectedWithContext() {
      Scenario s = Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok());
      RoundRecord r = s.rounds().get(0).record();
      RegionRound other =
          RegionRound.of(
              new RoundRecord("blog", r.slot(), r.region(), r.startedAt(), r.observations()));
      assertThatThrownBy(
              () -> AttributionInput.of(s.target(), Scenario.SLOT, List.of(other), Scenario.NOW))
          .isInstanceOf(RoundMismatchException.class)
          .hasMessage(
              "the round of region us-east-1 is for target 'blog' slot 2026-11-24T09:01:00Z, but"
                  + " target 'shop' slot 2026-11-24T09:01:00Z is being attributed");
    }

    @Test
    void aRoundOfAnotherSlotIsRejected() {
      Scenario s = Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok());
      RoundSlot next = Scenario.SLOT.next();
      assertThatThrownBy(() -> AttributionInput.of(s.target(), next, s.rounds(), Scenario.NOW))
          .isInstanceOf(RoundMismatchException.class)
          .hasMessageContaining("slot 2026-11-24T09:02:00Z is being attributed");
    }

    @Test
    void aRegionTwiceIsRejected() {
      Scenario s = Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok());
      List<RegionRound> twice = new ArrayList<>(s.rounds());
      twice.addAll(s.rounds());
      assertThatThrownBy(() -> AttributionInput.of(s.target(), Scenario.SLOT, twice, Scenario.NOW))
          .isInstanceOf(DuplicateRegionException.class)
          .hasMessage(
              "region us-east-1 reported target 'shop' twice for slot 2026-11-24T09:01:00Z; pass"
                  + " one round per region");
    }

    @Test
    void noRoundsAtAllIsRejected() {
      Scenario s = Scenario.fullChain();
      assertThatThrownBy(
              () -> AttributionInput.of(s.target(), Scenario.SLOT, List.of(), Scenario.NOW))
          .isInstanceOf(NoRoundsException.class)
          .hasMessage(
              "nothing to attribute for target 'shop': no region reported slot 2026-11-24T09:01:00Z");
    }
  }
}
