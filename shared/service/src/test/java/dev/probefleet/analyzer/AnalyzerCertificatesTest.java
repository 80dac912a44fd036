package dev.probefleet.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Cause;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.model.TlsSession;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentStatus;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.contract.ManualClock;
import dev.probefleet.store.contract.RecordingPublisher;
import dev.probefleet.store.contract.Rounds;
import dev.probefleet.store.memory.InMemoryIncidentStore;
import dev.probefleet.store.memory.InMemoryRoundStore;
import dev.probefleet.store.memory.InMemoryTargetRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Expiring certificates through the analyzer: a certificate close to expiry opens a WARN incident
 * of its own, pages within 3 days, resolves when the path serves another one — and never masks or
 * replaces the target's outage incidents.
 */
class AnalyzerCertificatesTest {
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final String US = "us-east-1";

  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryTargetRegistry registry = new InMemoryTargetRegistry();
  private final InMemoryRoundStore rounds = new InMemoryRoundStore();
  private final InMemoryIncidentStore incidents = new InMemoryIncidentStore(clock);
  private final RecordingPublisher publisher = new RecordingPublisher(null);
  private final AnalyzerSettings settings =
      AnalyzerSettings.DEFAULT.withExpectedRegions(List.of(US));
  private final AnalyzerService analyzer =
      new AnalyzerService(
          registry,
          rounds,
          incidents,
          publisher,
          MetricsSink.NONE,
          new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
          settings,
          clock);

  private static RoundSlot slot(int minute) {
    return new RoundSlot(T0.plus(Duration.ofMinutes(minute)), Duration.ofMinutes(1));
  }

  /** A round whose HTTPS paths serve a certificate expiring at {@code notAfter}. */
  private static RoundRecord serving(RoundRecord round, String sha256, Instant notAfter) {
    List<PathObservation> observations =
        round.observations().stream()
            .map(o -> o.url().startsWith("https") ? withLeaf(o, sha256, notAfter) : o)
            .toList();
    return new RoundRecord(
        round.target(), round.slot(), round.region(), round.startedAt(), observations);
  }

  private static PathObservation withLeaf(PathObservation o, String sha256, Instant notAfter) {
    ProbeResult r = o.representative();
    TlsSession tls =
        new TlsSession(
            "TLSv1.3",
            "TLS_AES_128_GCM_SHA256",
            "shop.example.com",
            List.of(
                new CertificateInfo(
                    "CN=shop.example.com",
                    List.of("shop.example.com"),
                    "CN=R11,O=Let's Encrypt,C=US",
                    notAfter.minus(Duration.ofDays(90)),
                    notAfter,
                    sha256)),
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
    return new PathObservation(o.path(), o.instance(), o.url(), List.of(withTls));
  }

  private AnalysisReport analyze(int minute, RoundRecord round) {
    rounds.write(List.of(round), clock.instant().plusSeconds(5));
    clock.set(slot(minute).next().start().plus(settings.grace()));
    return analyzer.analyze(slot(minute), clock.instant().plusSeconds(40));
  }

  private List<IncidentSummary> incidentsOfShop() {
    return Page.collect(
        PageRequest.first(50), 100, p -> incidents.find(IncidentQuery.ofTarget("shop"), p));
  }

  @Test
  void anExpiringCertificateOpensItsOwnWarningPagesNearExpiryAndResolvesWhenReplaced() {
    registry.apply(List.of(Rounds.target("shop")), false);
    Instant expiry = T0.plus(Duration.ofDays(10));

    AnalysisReport first = analyze(0, serving(Rounds.healthy("shop", slot(0), US), "aa11", expiry));
    assertThat(first.target("shop").verdict().orElseThrow().layer())
        .as("the target itself is healthy")
        .isEqualTo(Layer.NONE);
    assertThat(publisher.sent())
        .as("one WARN incident per path serving the certificate (cdn and lb)")
        .hasSize(2)
        .allSatisfy(
            a -> {
              assertThat(a.attributes()).containsEntry("cause", "CERTIFICATE_EXPIRING");
              assertThat(a.attributes()).containsEntry("severity", "WARN");
              assertThat(a.attributes()).containsEntry("state", "OPENED");
            });
    assertThat(incidentsOfShop())
        .extracting(i -> i.signature().layer())
        .containsExactlyInAnyOrder(Layer.CDN, Layer.LOAD_BALANCER);

    // Eight days later the same certificate is 2 days from expiry: the incidents page.
    clock.set(T0.plus(Duration.ofDays(8)));
    RoundSlot later = RoundSlot.containing(clock.instant(), Duration.ofMinutes(1));
    int minute = (int) Duration.between(T0, later.start()).toMinutes();
    analyze(minute, serving(Rounds.healthy("shop", later, US), "aa11", expiry));
    assertThat(publisher.sent().subList(2, publisher.sent().size()))
        .hasSize(2)
        .allSatisfy(
            a -> {
              assertThat(a.attributes()).containsEntry("severity", "PAGE");
              assertThat(a.attributes()).containsEntry("state", "UPDATED");
            });

    // The certificate is replaced: both incidents resolve.
    analyze(
        minute + 1,
        serving(Rounds.healthy("shop", later.next(), US), "bb22", T0.plus(Duration.ofDays(100))));
    assertThat(publisher.sent().subList(4, publisher.sent().size()))
        .extracting(a -> a.attributes().get("state"))
        .containsExactly("RESOLVED", "RESOLVED");
    assertThat(incidentsOfShop())
        .allSatisfy(i -> assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED));
  }

  @Test
  void anExpiringCertificateNeverMasksAnOutage() {
    registry.apply(List.of(Rounds.target("shop")), false);
    Instant expiry = T0.plus(Duration.ofDays(5));
    for (int minute = 0; minute < 2; minute++) {
      analyze(minute, serving(Rounds.originRefusing("shop", slot(minute), US), "aa11", expiry));
    }
    List<IncidentSummary> all = incidentsOfShop();
    assertThat(all)
        .as("the outage and the certificates each have their incident")
        .extracting(i -> i.signature().cause())
        .contains(Cause.CONNECTION_REFUSED, Cause.CERTIFICATE_EXPIRING);
    IncidentSummary outage =
        all.stream()
            .filter(i -> i.signature().cause() == Cause.CONNECTION_REFUSED)
            .findFirst()
            .orElseThrow();
    assertThat(outage.signature().layer()).isEqualTo(Layer.ORIGIN);
    assertThat(outage.signature().severity()).isEqualTo(Severity.PAGE);
    assertThat(incidents.statuses(List.of("shop")).get("shop").open())
        .as("the status shows the outage as the open incident")
        .hasValueSatisfying(o -> assertThat(o.id()).isEqualTo(outage.id()));
    assertThat(incidents.incident(outage.id()).orElseThrow().entries().get(0).transition().kind())
        .isEqualTo(TransitionKind.OPENED);
  }
}
