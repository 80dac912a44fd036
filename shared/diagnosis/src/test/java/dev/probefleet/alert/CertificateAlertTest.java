package dev.probefleet.alert;

import static dev.probefleet.scenario.Sample.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Scope;
import dev.probefleet.incident.CertificateFacts;
import dev.probefleet.incident.CertificateIncidents;
import dev.probefleet.incident.CertificatePolicy;
import dev.probefleet.incident.CertificateState;
import dev.probefleet.incident.CertificateStep;
import dev.probefleet.incident.ServedCertificate;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.Cause;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.model.TlsSession;
import dev.probefleet.runbook.RunbookContext;
import dev.probefleet.runbook.RunbookStep;
import dev.probefleet.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Alerts for expiring-certificate transitions: the story of shop's load balancer certificate,
 * opened 9 days before it ends, escalated at 3 days, replaced a day later.
 */
class CertificateAlertTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Set<String> PATHS = Set.of("cdn", "lb", "origin[0]");
  private static final String OLD_SHA =
      "ab12cd34ef56a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6";
  private static final String NEW_SHA =
      "cd34ef56ab12a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6";
  private static final CertificateInfo OLD =
      new CertificateInfo(
          "CN=shop.example.com",
          List.of("shop.example.com"),
          "CN=R11,O=Let's Encrypt,C=US",
          Instant.parse("2026-09-04T09:00:00Z"),
          Instant.parse("2026-12-03T09:00:00Z"),
          OLD_SHA);
  private static final CertificateInfo NEW =
      new CertificateInfo(
          "CN=shop.example.com",
          List.of("shop.example.com"),
          "CN=R11,O=Let's Encrypt,C=US",
          Instant.parse("2026-11-30T09:00:00Z"),
          Instant.parse("2027-02-28T09:00:00Z"),
          NEW_SHA);

  private record Story(List<Transition> transitions, List<Alert> alerts) {}

  /**
   * Each round is what both regions were served on lb, on the given day after T0; the served
   * certificates come from real round records of a target whose requests carry secrets.
   */
  private static Story story(double[] days, CertificateInfo[] served) {
    CertificateIncidents machine = new CertificateIncidents(CertificatePolicy.DEFAULT);
    CertificateState state = CertificateState.empty("shop");
    List<Transition> transitions = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < days.length; i++) {
      Instant now = T0.plusSeconds(Math.round(days[i] * 86_400));
      RoundSlot slot = RoundSlot.containing(now, MINUTE);
      Scenario scenario =
          Scenario.fullChain()
              .requestHeaders(
                  Map.of(
                      "Authorization",
                      new HeaderValue.Literal("Bearer s3cr3t-token"),
                      "X-Api-Key",
                      new HeaderValue.Secret(HeaderValue.Secret.Source.SSM, "/shop/key")))
              .at(slot)
              .in("us-east-1")
              .cdn(ok())
              .lb(ok().tls(session(served[i])))
              .origin(ok())
              .in("eu-west-1")
              .cdn(ok())
              .lb(ok().tls(session(served[i])))
              .origin(ok());
      List<ServedCertificate> certificates = new ArrayList<>();
      Set<String> observed = new HashSet<>();
      for (RegionRound round : scenario.rounds()) {
        RoundRecord record = round.record();
        certificates.addAll(ServedCertificate.of(record));
        observed.addAll(ServedCertificate.observedPaths(record));
      }
      CertificateStep step = machine.apply(state, slot, certificates, observed, PATHS, now);
      state = step.state();
      for (Transition t : step.transitions()) {
        transitions.add(t);
        alerts.add(Alert.ofCertificate(t, step.factsOf(t)));
      }
    }
    return new Story(transitions, alerts);
  }

  private static TlsSession session(CertificateInfo leaf) {
    return new TlsSession(
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        "shop.example.com",
        List.of(leaf),
        Optional.empty(),
        true);
  }

  private static final Story STORY =
      story(new double[] {0, 1, 6, 7}, new CertificateInfo[] {OLD, OLD, OLD, NEW});
  private static final Alert OPENED = STORY.alerts().get(0);
  private static final Alert ESCALATED = STORY.alerts().get(1);
  private static final Alert RESOLVED = STORY.alerts().get(2);

  @Test
  void theStoryIsOpenedEscalatedResolved() {
    assertThat(STORY.alerts())
        .extracting(Alert::state, Alert::severity)
        .containsExactly(
            tuple(TransitionKind.OPENED, Severity.WARN),
            tuple(TransitionKind.UPDATED, Severity.PAGE),
            tuple(TransitionKind.RESOLVED, Severity.PAGE));
    assertThat(OPENED.alertId()).isEqualTo(OPENED.incidentId() + "-1");
    assertThat(ESCALATED.alertId()).isEqualTo(OPENED.incidentId() + "-2");
    assertThat(RESOLVED.alertId()).isEqualTo(OPENED.incidentId() + "-3");
    assertThat(OPENED.layer()).isEqualTo(Layer.LOAD_BALANCER);
    assertThat(OPENED.cause()).isEqualTo(Cause.CERTIFICATE_EXPIRING);
    assertThat(OPENED.regions()).containsExactly("eu-west-1", "us-east-1");
    assertThat(ESCALATED.previous()).map(Signature::severity).contains(Severity.WARN);
  }

  @Test
  void theSummaryNamesTheCertificateTheHopAndTheTimeLeft() {
    assertThat(OPENED.summary())
        .isEqualTo(
            "The certificate served on shop's load balancer (CN=shop.example.com, sha256"
                + " ab12cd34ef56..., issued by CN=R11,O=Let's Encrypt,C=US) expires in 9 days,"
                + " on 2026-12-03 09:00 UTC.");
    assertThat(ESCALATED.summary())
        .isEqualTo(
            "The certificate served on shop's load balancer (CN=shop.example.com, sha256"
                + " ab12cd34ef56..., issued by CN=R11,O=Let's Encrypt,C=US) expires in 3 days,"
                + " on 2026-12-03 09:00 UTC.");
    assertThat(RESOLVED.summary())
        .isEqualTo(
            "The certificate served on shop's load balancer (CN=shop.example.com, sha256"
                + " ab12cd34ef56..., issued by CN=R11,O=Let's Encrypt,C=US, ending 2026-12-03"
                + " 09:00 UTC) has been replaced: incident resolved; it now serves"
                + " CN=shop.example.com (sha256 cd34ef56ab12..., until 2027-02-28 09:00 UTC).");
  }

  @Test
  void anExpiredCertificateSaysSince() {
    Story expired = story(new double[] {11.5}, new CertificateInfo[] {OLD});
    assertThat(expired.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.PAGE);
              assertThat(a.summary()).endsWith(") expired 2 days ago, on 2026-12-03 09:00 UTC.");
            });
  }

  @Test
  void theSubjectIsOneAsciiLineSnsAccepts() {
    assertThat(OPENED.subject())
        .isEqualTo(
            "[WARN] shop: OPENED LOAD_BALANCER CERTIFICATE_EXPIRING [" + OPENED.alertId() + "]");
    for (Alert a : STORY.alerts()) {
      assertThat(a.subject()).hasSizeLessThan(100).matches("[\\x20-\\x7e]+");
    }
  }

  @Test
  void theSnsAttributesAreThoseOfOutageAlerts() {
    assertThat(OPENED.messageAttributes())
        .containsExactly(
            Map.entry("target", "shop"),
            Map.entry("layer", "LOAD_BALANCER"),
            Map.entry("cause", "CERTIFICATE_EXPIRING"),
            Map.entry("severity", "WARN"),
            Map.entry("state", "OPENED"),
            Map.entry("regions", "eu-west-1,us-east-1"),
            Map.entry("alertId", OPENED.alertId()));
    assertThat(ESCALATED.messageAttributes())
        .containsEntry("severity", "PAGE")
        .containsEntry("state", "UPDATED");
    assertThat(RESOLVED.messageAttributes()).containsEntry("state", "RESOLVED");
  }

  @Test
  void theRunbookIsTheCertificateChecklistForThePath() {
    assertThat(OPENED.runbook()).isNotEmpty();
    assertThat(OPENED.runbook().get(0).action())
        .isEqualTo("Read the certificate's names, issuer and expiry as lb serves it.");
    assertThat(OPENED.runbook().get(0).command())
        .hasValueSatisfying(c -> assertThat(c).contains("-enddate"));
    assertThat(OPENED.runbook())
        .extracting(RunbookStep::action)
        .anySatisfy(a -> assertThat(a).startsWith("Check why renewal did not happen"));
    assertThat(RESOLVED.runbook()).isEmpty();
  }

  @Test
  void aContextFromTheConfigurationFillsTheRunbook() {
    Transition t = STORY.transitions().get(0);
    Alert filled =
        Alert.ofCertificate(
            t,
            factsOfFirst(),
            new RunbookContext(
                Map.of(
                    "this.host", "shop.example.com", "this.ip", "192.0.2.11", "this.port", "443")));
    assertThat(filled.runbook().get(0).command())
        .hasValueSatisfying(
            c ->
                assertThat(c)
                    .startsWith(
                        "openssl s_client -connect 192.0.2.11:443 -servername shop.example.com"));
  }

  @Test
  void theTextAndJsonCarryTheCertificateFacts() throws Exception {
    String text = OPENED.text();
    assertThat(text)
        .startsWith(
            "OPENED - WARN - shop\nLOAD_BALANCER / CERTIFICATE_EXPIRING - all-regions (eu-west-1,"
                + " us-east-1)\n")
        .contains(OPENED.summary())
        .contains(
            "WARN Certificate on lb: subject CN=shop.example.com; issuer CN=R11,O=Let's Encrypt,C=US; sha256 "
                + OLD_SHA)
        .contains("Next steps:\n  1. ");
    assertThat(text.lines()).allMatch(l -> l.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
    assertThat(ESCALATED.text())
        .contains("Changed from: LOAD_BALANCER / CERTIFICATE_EXPIRING (WARN");

    JsonNode json = JSON.readTree(OPENED.json());
    assertThat(json.get("cause").asText()).isEqualTo("CERTIFICATE_EXPIRING");
    assertThat(json.get("severity").asText()).isEqualTo("WARN");
    assertThat(json.get("alertId").asText()).isEqualTo(OPENED.alertId());
    assertThat(json.get("summary").asText()).isEqualTo(OPENED.summary());
    assertThat(json.get("paths").size()).isZero();
    assertThat(json.get("findings").get(0).get("path").asText()).isEqualTo("lb");
    assertThat(json.get("findings").get(0).get("summary").asText()).contains(OLD_SHA);
    assertThat(json.get("runbook").size()).isEqualTo(OPENED.runbook().size());
    JsonNode resolved = JSON.readTree(RESOLVED.json());
    assertThat(resolved.get("findings").get(0).get("summary").asText())
        .contains("Now served: CN=shop.example.com; sha256 " + NEW_SHA);
    assertThat(resolved.get("runbook").size()).isZero();
  }

  @Test
  void noSecretLeaks() {
    for (Alert a : STORY.alerts()) {
      for (String rendering : List.of(a.subject(), a.text(), a.json())) {
        assertThat(rendering).doesNotContain("s3cr3t", "Bearer", "/shop/key", "Authorization");
      }
    }
  }

  @Test
  void aRegionalCertificateSaysWhichRegionsAreServedIt() {
    Transition t =
        new Transition(
            "shop",
            CertificateIncidents.incidentId(
                "shop", "cdn", OLD_SHA, STORY.transitions().get(0).slot()),
            1,
            TransitionKind.OPENED,
            STORY.transitions().get(0).slot(),
            new Signature(
                Layer.CDN,
                Cause.CERTIFICATE_EXPIRING,
                Severity.WARN,
                Scope.REGIONAL,
                List.of("eu-west-1")),
            Optional.empty());
    CertificateFacts facts = factsOfFirst();
    CertificateFacts cdnFacts =
        new CertificateFacts(
            "cdn",
            PathKind.CDN,
            facts.subject(),
            facts.issuer(),
            facts.sha256(),
            facts.notAfter(),
            facts.at(),
            Optional.empty(),
            List.of());
    assertThat(Alert.ofCertificate(t, cdnFacts).summary())
        .startsWith("The certificate served on shop's CDN to eu-west-1 (CN=shop.example.com,");
  }

  @Test
  void anOutageTransitionIsNotACertificateAlert() {
    Transition outage =
        new Transition(
            "shop",
            "01KAT9DVXBHSN7CS6KX4FJ0AVP",
            1,
            TransitionKind.OPENED,
            STORY.transitions().get(0).slot(),
            new Signature(
                Layer.LOAD_BALANCER,
                Cause.UPSTREAM_TIMEOUT,
                Severity.PAGE,
                Scope.ALL_REGIONS,
                List.of("us-east-1")),
            Optional.empty());
    assertThatThrownBy(() -> Alert.ofCertificate(outage, factsOfFirst()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "alert 01KAT9DVXBHSN7CS6KX4FJ0AVP-1 is about UPSTREAM_TIMEOUT, not a certificate");
  }

  /** The facts of the story's first transition, recomputed the way the machine hands them out. */
  private static CertificateFacts factsOfFirst() {
    Instant now = T0;
    RoundSlot slot = RoundSlot.containing(now, MINUTE);
    CertificateStep step =
        new CertificateIncidents(CertificatePolicy.DEFAULT)
            .apply(
                CertificateState.empty("shop"),
                slot,
                List.of(new ServedCertificate("lb", PathKind.LB, "us-east-1", OLD)),
                Set.of("lb"),
                PATHS,
                now);
    return step.factsOf(step.transitions().get(0));
  }
}
