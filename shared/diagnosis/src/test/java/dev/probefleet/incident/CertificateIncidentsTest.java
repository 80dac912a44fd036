package dev.probefleet.incident;

import static dev.probefleet.incident.CertificateRun.day;
import static dev.probefleet.incident.CertificateRun.endingIn;
import static dev.probefleet.incident.CertificateRun.nowIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.Scope;
import dev.probefleet.incident.CertificateFacts.Resolution;
import dev.probefleet.model.Cause;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The expiring-certificate machine, transition by transition. Slots are minutes on a clock that
 * runs for days; {@code day(d)} is the slot d days after T0, its round run 30 s into it.
 */
class CertificateIncidentsTest {
  static final String US = "us-east-1";
  static final String EU = "eu-west-1";

  /** lb's certificate A ends 9.5 days after day 0's round. */
  static final CertificateInfo A = endingIn(9.5, day(0), 'a');

  @Nested
  class Opening {
    @Test
    void aCertificateWithin14DaysOfExpiryOpensAWarnIncident() {
      CertificateRun run = new CertificateRun();
      CertificateInfo cert = endingIn(14, day(0), 'a');
      List<Transition> opened =
          run.at(day(0)).serves("lb", US, cert).serves("lb", EU, cert).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1");
      Transition t = opened.get(0);
      assertThat(t.target()).isEqualTo("shop");
      assertThat(t.slot()).isEqualTo(day(0));
      assertThat(t.signature())
          .isEqualTo(
              new Signature(
                  Layer.LOAD_BALANCER,
                  Cause.CERTIFICATE_EXPIRING,
                  Severity.WARN,
                  Scope.ALL_REGIONS,
                  List.of(EU, US)));
      assertThat(t.previous()).isEmpty();
      assertThat(t.incidentId())
          .isEqualTo(CertificateIncidents.incidentId("shop", "lb", cert.sha256(), day(0)));
      assertThat(t.alertId()).isEqualTo(t.incidentId() + "-1");
      assertThat(run.last).isEqualTo(CertificateOutcome.APPLIED);
      assertThat(run.state.open())
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.path()).isEqualTo("lb");
                assertThat(i.sha256()).isEqualTo(cert.sha256());
                assertThat(i.subject()).isEqualTo("CN=shop.example.com");
                assertThat(i.notAfter()).isEqualTo(cert.notAfter());
                assertThat(i.severity()).isEqualTo(Severity.WARN);
                assertThat(i.transitions()).isEqualTo(1);
                assertThat(i.openedAt()).isEqualTo(day(0));
              });
      assertThat(run.facts.get(t.alertId()))
          .satisfies(
              f -> {
                assertThat(f.path()).isEqualTo("lb");
                assertThat(f.sha256()).isEqualTo(cert.sha256());
                assertThat(f.at()).isEqualTo(nowIn(day(0)));
                assertThat(f.resolution()).isEmpty();
              });
    }

    @Test
    void aCertificate15DaysFromExpiryOpensNothing() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, endingIn(15, day(0), 'a')).apply();
      assertThat(run.story()).isEmpty();
      assertThat(run.state.open()).isEmpty();
      assertThat(run.state.newest()).contains(day(0));
      assertThat(run.last).isEqualTo(CertificateOutcome.APPLIED);
    }

    @Test
    void theSameCertificateOpensOnceOnTheDayItComesWithin14Days() {
      CertificateRun run = new CertificateRun();
      CertificateInfo cert = endingIn(16, day(0), 'a');
      for (int d = 0; d <= 4; d++) {
        run.at(day(d)).serves("lb", US, cert).apply();
      }
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1");
      assertThat(run.transitions.get(0).slot()).isEqualTo(day(2));
    }

    @Test
    void aCertificateAlreadyWithin3DaysOpensAtPage() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("cdn", US, endingIn(2, day(0), 'a')).apply();
      assertThat(run.story()).containsExactly("OPENED cdn a PAGE #1");
      assertThat(run.transitions.get(0).signature().layer()).isEqualTo(Layer.CDN);
    }

    @Test
    void anExpiredCertificateOpensAtPage() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("origin[0]", US, endingIn(-1, day(0), 'a')).apply();
      assertThat(run.story()).containsExactly("OPENED origin[0] a PAGE #1");
      assertThat(run.transitions.get(0).signature().layer()).isEqualTo(Layer.ORIGIN);
      assertThat(run.facts.values())
          .singleElement()
          .satisfies(f -> assertThat(f.expired()).isTrue());
    }

    @Test
    void aPathThatIsNotConfiguredOpensNothing() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("origin[1]", US, A).configured("cdn", "lb").apply();
      assertThat(run.story()).isEmpty();
    }

    @Test
    void aThresholdOfTheTeamsOwnChoiceApplies() {
      CertificateRun run =
          new CertificateRun(new CertificatePolicy(Duration.ofDays(30), Duration.ofDays(7)));
      run.at(day(0)).serves("lb", US, endingIn(20, day(0), 'a')).apply();
      run.at(day(13)).serves("lb", US, endingIn(20, day(0), 'a')).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "UPDATED lb a PAGE #2");
    }
  }

  @Nested
  class Escalating {
    @Test
    void within3DaysOfExpiryTheIncidentEscalatesToPageOnce() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      run.at(day(6)).serves("lb", US, A).apply(); // 3.5 days left
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1");
      run.at(day(6.5)).serves("lb", US, A).apply(); // 3 days left
      run.at(day(7)).serves("lb", US, A).apply();
      run.at(day(8)).serves("lb", US, A).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "UPDATED lb a PAGE #2");
      Transition updated = run.transitions.get(1);
      assertThat(updated.kind()).isEqualTo(TransitionKind.UPDATED);
      assertThat(updated.slot()).isEqualTo(day(6.5));
      assertThat(updated.incidentId()).isEqualTo(run.transitions.get(0).incidentId());
      assertThat(updated.previous()).contains(run.transitions.get(0).signature());
      assertThat(updated.signature().severity()).isEqualTo(Severity.PAGE);
      assertThat(run.state.open().get(0).lastTransitionAt()).isEqualTo(day(6.5));
    }

    @Test
    void anExpiredCertificateStaysOpenAtPageUntilItChanges() {
      CertificateRun run = new CertificateRun();
      for (int d = 0; d <= 20; d++) {
        run.at(day(d)).serves("lb", US, A).apply();
      }
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "UPDATED lb a PAGE #2");
      assertThat(run.state.open())
          .singleElement()
          .extracting(OpenCertificateIncident::severity)
          .isEqualTo(Severity.PAGE);
      CertificateInfo renewed = endingIn(90, day(21), 'b');
      run.at(day(21)).serves("lb", US, renewed).apply();
      assertThat(run.story())
          .containsExactly("OPENED lb a WARN #1", "UPDATED lb a PAGE #2", "RESOLVED lb a PAGE #3");
    }

    @Test
    void thePathNeedNotBeSeenToEscalate() {
      // The handshake fails from day 5 on: the certificate is still believed to be served.
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).serves("lb", EU, A).apply();
      run.at(day(7)).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "UPDATED lb a PAGE #2");
      assertThat(run.transitions.get(1).signature().regions()).containsExactly(EU, US);
    }
  }

  @Nested
  class Resolving {
    @Test
    void thePathServingAnotherCertificateResolves() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).serves("lb", EU, A).apply();
      CertificateInfo renewed = endingIn(90, day(2), 'b');
      run.at(day(2)).serves("lb", US, renewed).serves("lb", EU, renewed).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "RESOLVED lb a WARN #2");
      Transition resolved = run.transitions.get(1);
      assertThat(resolved.incidentId()).isEqualTo(run.transitions.get(0).incidentId());
      assertThat(resolved.slot()).isEqualTo(day(2));
      assertThat(resolved.signature()).isEqualTo(run.transitions.get(0).signature());
      assertThat(run.facts.get(resolved.alertId()))
          .satisfies(
              f -> {
                assertThat(f.resolution()).contains(Resolution.REPLACED);
                assertThat(f.servedInstead()).containsExactly(renewed);
              });
      assertThat(run.state.open()).isEmpty();
    }

    @Test
    void aPathNotObservedInTheSlotResolvesNothing() {
      // The handshake failed (refused, timed out) in every region: no certificate was seen.
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      run.at(day(1)).apply();
      run.at(day(2)).serves("cdn", US, endingIn(90, day(2), 'c')).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1");
      assertThat(run.state.open()).hasSize(1);
    }

    @Test
    void aPathStillServingItInOneRegionDoesNotResolve() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      run.at(day(1)).serves("lb", US, A).serves("lb", EU, endingIn(90, day(1), 'b')).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1");
    }

    @Test
    void aPathObservedWithoutTheCertificateResolvesEvenWhenNoneIsListed() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      run.at(day(1)).observed("lb").apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "RESOLVED lb a WARN #2");
      assertThat(run.facts.get(run.transitions.get(1).alertId()).servedInstead()).isEmpty();
    }

    @Test
    void aPathRemovedFromTheConfigurationResolves() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      run.at(day(1)).configured("cdn", "origin[0]").apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "RESOLVED lb a WARN #2");
      assertThat(run.facts.get(run.transitions.get(1).alertId()).resolution())
          .contains(Resolution.PATH_REMOVED);
    }

    @Test
    void aReplacedCertificateThatComesBackIsANewIncident() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      run.at(day(1)).serves("lb", US, endingIn(90, day(1), 'b')).apply();
      run.at(day(2)).serves("lb", US, A).apply(); // rolled back
      assertThat(run.story())
          .containsExactly("OPENED lb a WARN #1", "RESOLVED lb a WARN #2", "OPENED lb a WARN #1");
      assertThat(run.transitions.get(2).incidentId())
          .isNotEqualTo(run.transitions.get(0).incidentId())
          .isGreaterThan(run.transitions.get(0).incidentId());
    }
  }

  @Nested
  class Regions {
    @Test
    void twoCertificatesOnOnePathAreTwoIncidents() {
      // CDN edges: us-east-1 is served A, eu-west-1 an older B.
      CertificateRun run = new CertificateRun();
      CertificateInfo b = endingIn(5, day(0), 'b');
      run.at(day(0)).serves("cdn", US, A).serves("cdn", EU, b).apply();
      assertThat(run.story()).containsExactly("OPENED cdn a WARN #1", "OPENED cdn b WARN #1");
      assertThat(run.transitions.get(0).incidentId())
          .isNotEqualTo(run.transitions.get(1).incidentId());
      assertThat(run.transitions.get(0).signature().scope()).isEqualTo(Scope.REGIONAL);
      assertThat(run.transitions.get(0).signature().regions()).containsExactly(US);
      assertThat(run.transitions.get(1).signature().regions()).containsExactly(EU);

      // eu-west-1's edge is renewed; B escalates no more, A stays open.
      CertificateInfo renewed = endingIn(90, day(1), 'c');
      run.at(day(1)).serves("cdn", US, A).serves("cdn", EU, renewed).apply();
      assertThat(run.story())
          .containsExactly(
              "OPENED cdn a WARN #1", "OPENED cdn b WARN #1", "RESOLVED cdn b WARN #2");
      assertThat(run.state.open())
          .extracting(OpenCertificateIncident::sha256)
          .containsExactly(A.sha256());
    }

    @Test
    void oneCertificateSeenFromEveryRegionIsOneIncident() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).serves("lb", EU, A).serves("lb", US, A).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1");
      assertThat(run.transitions.get(0).signature().scope()).isEqualTo(Scope.ALL_REGIONS);
    }

    @Test
    void oneCertificateOnTwoPathsIsTwoIncidents() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("cdn", US, A).serves("lb", US, A).apply();
      assertThat(run.story()).containsExactly("OPENED cdn a WARN #1", "OPENED lb a WARN #1");
    }

    @Test
    void anotherRegionJoiningChangesNothing() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      run.at(day(1)).serves("lb", US, A).serves("lb", EU, A).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1");
    }
  }

  @Nested
  class Replays {
    @Test
    void theSameSlotTwiceChangesNothingAndEmitsNothing() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).serves("cdn", US, endingIn(2, day(0), 'b')).apply();
      CertificateState after = run.state;
      CertificateStep again =
          run.at(day(0)).serves("lb", US, A).serves("cdn", US, endingIn(2, day(0), 'b')).step();
      assertThat(again.outcome()).isEqualTo(CertificateOutcome.DUPLICATE);
      assertThat(again.transitions()).isEmpty();
      assertThat(again.state()).isEqualTo(after);
    }

    @Test
    void aSlotThatResolvedAppliedAgainEmitsNothing() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      CertificateInfo renewed = endingIn(90, day(1), 'b');
      run.at(day(1)).serves("lb", US, renewed).apply();
      CertificateState after = run.state;
      run.at(day(1)).serves("lb", US, renewed).apply();
      assertThat(run.last).isEqualTo(CertificateOutcome.DUPLICATE);
      assertThat(run.state).isEqualTo(after);
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "RESOLVED lb a WARN #2");
    }

    @Test
    void aRetriedInvocationComputesTheSameIdsAndState() {
      CertificateRun first = new CertificateRun();
      CertificateRun retry = new CertificateRun();
      for (CertificateRun run : List.of(first, retry)) {
        run.at(day(0)).serves("lb", US, A).serves("cdn", EU, A).apply();
      }
      assertThat(retry.transitions).isEqualTo(first.transitions);
      assertThat(retry.state).isEqualTo(first.state);
    }

    @Test
    void aRegionReportingLateRevisesTheNewestSlot() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("cdn", US, A).apply();
      CertificateInfo b = endingIn(5, day(0), 'b');
      run.at(day(0)).serves("cdn", US, A).serves("cdn", EU, b).apply();
      assertThat(run.last).isEqualTo(CertificateOutcome.REVISED);
      assertThat(run.story()).containsExactly("OPENED cdn a WARN #1", "OPENED cdn b WARN #1");
      assertThat(run.transitions.get(1).slot()).isEqualTo(day(0));
    }

    @Test
    void aRevisionNeverResolvesSoNoIdIsReusedWithinASlot() {
      CertificateRun run = new CertificateRun();
      run.at(day(0)).serves("lb", US, A).apply();
      run.at(day(0)).serves("lb", US, endingIn(90, day(0), 'b')).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1");
      assertThat(run.last).isEqualTo(CertificateOutcome.DUPLICATE);
      run.at(day(0).next()).serves("lb", US, endingIn(90, day(0), 'b')).apply();
      assertThat(run.story()).containsExactly("OPENED lb a WARN #1", "RESOLVED lb a WARN #2");
    }

    @Test
    void aSlotOlderThanTheNewestIsIgnored() {
      CertificateRun run = new CertificateRun();
      run.at(day(1)).serves("lb", US, A).apply();
      CertificateState after = run.state;
      CertificateStep late =
          run.at(day(0)).serves("lb", US, endingIn(90, day(0), 'b')).serves("cdn", US, A).step();
      assertThat(late.outcome()).isEqualTo(CertificateOutcome.LATE_IGNORED);
      assertThat(late.transitions()).isEmpty();
      assertThat(late.state()).isSameAs(after);
      assertThat(after.newest()).contains(day(1));
    }
  }

  @Nested
  class Ids {
    static final RoundSlot SLOT = day(0);
    static final String SHA = "a".repeat(64);

    @Test
    void anIdIsAUlidOfTheOpeningSlot() {
      String id = CertificateIncidents.incidentId("shop", "lb", SHA, SLOT);
      assertThat(id)
          .hasSize(26)
          .isEqualTo(CertificateIncidents.incidentId("shop", "lb", SHA, SLOT));
      // The first ten characters are the time: the same as an outage incident opened then.
      assertThat(id.substring(0, 10))
          .isEqualTo(Incidents.incidentId("shop", SLOT).substring(0, 10));
      assertThat(id).isNotEqualTo(Incidents.incidentId("shop", SLOT));
    }

    @Test
    void everyPartOfTheKeyCounts() {
      String id = CertificateIncidents.incidentId("shop", "lb", SHA, SLOT);
      assertThat(
              List.of(
                  CertificateIncidents.incidentId("blog", "lb", SHA, SLOT),
                  CertificateIncidents.incidentId("shop", "cdn", SHA, SLOT),
                  CertificateIncidents.incidentId("shop", "lb", "b".repeat(64), SLOT),
                  CertificateIncidents.incidentId("shop", "lb", SHA, SLOT.next())))
          .doesNotContain(id)
          .doesNotHaveDuplicates();
    }
  }
}
