package dev.probefleet.lab.scenarios;

import static dev.probefleet.lab.LabFault.*;
import static dev.probefleet.model.Cause.*;
import static dev.probefleet.model.Layer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.config.EnvironmentSecretResolver;
import dev.probefleet.diagnose.DiagnoseOptions;
import dev.probefleet.diagnose.DiagnoseService;
import dev.probefleet.diagnose.Diagnosis;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.incident.IncidentPolicy;
import dev.probefleet.incident.IncidentState;
import dev.probefleet.incident.IncidentStep;
import dev.probefleet.incident.Incidents;
import dev.probefleet.lab.Lab;
import dev.probefleet.lab.LabFault;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.model.Target;
import dev.probefleet.probe.HostResolver;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probing.RoundProber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own scenario matrix on the in-process fault lab: every fault the lab can inject,
 * diagnosed end to end (probe client → fingerprints → attribution) as {@code probefleet diagnose}
 * does, must come out with the layer and cause it stands for; healthy runs with latency jitter must
 * give NONE and never an incident.
 */
class LabScenariosIT {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  /** The lab topologies the rows run on. */
  enum Topology {
    /** CDN → LB → origin app, all plain HTTP. */
    PLAIN,
    /** The origin is a web server (nginx) in front of the app server. */
    ORIGIN_WEB_SERVER,
    /** The load balancer listens with TLS. */
    TLS_LOAD_BALANCER
  }

  private static final Map<Topology, Lab> LABS = new java.util.EnumMap<>(Topology.class);

  @BeforeAll
  static void start() {
    LABS.put(Topology.PLAIN, Lab.builder().start());
    LABS.put(Topology.ORIGIN_WEB_SERVER, Lab.builder().originWebServer().start());
    LABS.put(Topology.TLS_LOAD_BALANCER, Lab.builder().lbTls().start());
  }

  @AfterAll
  static void stop() {
    LABS.values().forEach(Lab::close);
    LABS.clear();
  }

  @AfterEach
  void heal() {
    LABS.values().forEach(Lab::clear);
  }

  record Row(LabFault fault, Topology topology, Layer layer, Cause cause) {
    @Override
    public String toString() {
      return fault + " on " + topology + " -> " + layer + "/" + cause;
    }
  }

  static Row row(LabFault fault, Layer layer, Cause cause) {
    return new Row(fault, Topology.PLAIN, layer, cause);
  }

  static Row webServerRow(LabFault fault, Layer layer, Cause cause) {
    return new Row(fault, Topology.ORIGIN_WEB_SERVER, layer, cause);
  }

  static Row tlsRow(LabFault fault, Layer layer, Cause cause) {
    return new Row(fault, Topology.TLS_LOAD_BALANCER, layer, cause);
  }

  static Stream<Row> matrix() {
    return Stream.of(
        row(ORIGIN_REFUSED, ORIGIN, CONNECTION_REFUSED),
        row(ORIGIN_CONNECT_TIMEOUT, ORIGIN, CONNECT_TIMEOUT),
        webServerRow(APP_DOWN, ORIGIN, UPSTREAM_APP_DOWN),
        // the app's own 503 relayed by the origin's nginx is the app's, not nginx's
        webServerRow(ORIGIN_HTTP_503, ORIGIN, HTTP_5XX),
        row(ORIGIN_INVALID_HEADER, ORIGIN, INVALID_RESPONSE),
        row(ORIGIN_INVALID_STATUS_LINE, ORIGIN, INVALID_RESPONSE),
        row(ORIGIN_CLOSE_BEFORE_HEADERS, ORIGIN, PREMATURE_CLOSE),
        row(ORIGIN_CLOSE_MID_HEADERS, ORIGIN, PREMATURE_CLOSE),
        row(ORIGIN_RESET, ORIGIN, CONNECTION_RESET),
        row(ORIGIN_HANG, ORIGIN, RESPONSE_TIMEOUT),
        row(ORIGIN_OVERSIZED_HEADERS, ORIGIN, OVERSIZED_HEADER),
        row(ORIGIN_TRUNCATED_BODY, ORIGIN, BODY_TRUNCATED),
        row(ORIGIN_RESET_MID_BODY, ORIGIN, CONNECTION_RESET),
        row(ORIGIN_STALL_MID_BODY, ORIGIN, DOWNLOAD_TIMEOUT),
        row(ORIGIN_HTTP_500, ORIGIN, HTTP_5XX),
        row(ORIGIN_HTTP_503, ORIGIN, HTTP_5XX),
        row(ORIGIN_HTTP_404, ORIGIN, HTTP_UNEXPECTED_STATUS),
        row(ORIGIN_WRONG_BODY, ORIGIN, ASSERTION_FAILED),
        row(ORIGIN_SLOW, Layer.NONE, Cause.NONE),
        row(LB_DOWN, LOAD_BALANCER, CONNECTION_REFUSED),
        row(LB_UPSTREAM_PORT_WRONG, LOAD_BALANCER, UPSTREAM_CONNECT_FAILED),
        row(LB_TIMEOUT_SHORT, LOAD_BALANCER, UPSTREAM_TIMEOUT),
        row(LB_NO_HEALTHY_UPSTREAM, LOAD_BALANCER, NO_HEALTHY_UPSTREAM),
        row(LB_HEADER_BUFFER_SMALL, LOAD_BALANCER, UPSTREAM_HEADER_TOO_LARGE),
        row(CDN_DOWN, CDN, CONNECTION_REFUSED),
        row(CDN_UPSTREAM_PORT_WRONG, CDN, UPSTREAM_CONNECT_FAILED),
        row(CDN_TIMEOUT_SHORT, CDN, UPSTREAM_TIMEOUT),
        row(CDN_HEADER_BUFFER_SMALL, CDN, UPSTREAM_HEADER_TOO_LARGE),
        row(DNS_NXDOMAIN, DNS, DNS_FAILURE),
        row(DNS_SERVFAIL, DNS, DNS_FAILURE),
        row(DNS_TIMEOUT, DNS, DNS_FAILURE),
        row(LabFault.DNS_UNEXPECTED_ADDRESS, DNS, Cause.DNS_UNEXPECTED_ADDRESS),
        tlsRow(LB_CERTIFICATE_EXPIRED, LOAD_BALANCER, TLS_CERTIFICATE_INVALID),
        tlsRow(LB_CERTIFICATE_WRONG_NAME, LOAD_BALANCER, TLS_CERTIFICATE_INVALID),
        tlsRow(CDN_UPSTREAM_TLS_FAILED, CDN, UPSTREAM_TLS_FAILED));
  }

  private static DiagnoseService service(Lab lab) {
    ProbeClient client =
        ProbeClient.builder()
            .resolver(HostResolver.dnsServer(lab.dnsServer()))
            .defaultTimeout(PROBE_TIMEOUT)
            .build();
    Clock clock = Clock.systemUTC();
    return new DiagnoseService(
        new RoundProber(
            client, new EnvironmentSecretResolver(Map.of()), Fingerprinter.defaults(), clock),
        new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
        clock);
  }

  private static Verdict diagnose(Lab lab, Target target) {
    Diagnosis diagnosis = service(lab).diagnose(List.of(target), DiagnoseOptions.DEFAULT);
    assertThat(diagnosis.problems()).isEmpty();
    return diagnosis.report().targets().get(0).verdict();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void eachInjectedFaultGivesItsLayerAndCause(Row row) {
    Lab lab = LABS.get(row.topology());
    lab.inject(row.fault());
    Verdict verdict = diagnose(lab, lab.target());
    assertThat(List.of(verdict.layer(), verdict.cause()))
        .as(verdict.summary())
        .containsExactly(row.layer(), row.cause());
    if (row.layer() != Layer.NONE) {
      assertThat(verdict.severity()).as(verdict.summary()).isEqualTo(Severity.PAGE);
    }
  }

  @Test
  void theKeepAliveRaceShowsAsAnIntermittent5xxRateAtTheLoadBalancer() {
    Lab plain = LABS.get(Topology.PLAIN);
    plain.inject(LB_INTERMITTENT_502);
    Target base = LABS.get(Topology.PLAIN).target();
    Target burst =
        new Target(
            base.name(),
            base.request(),
            base.expect(),
            new BurstSpec(8),
            base.cdn(),
            base.lb(),
            base.origins());
    Verdict verdict = diagnose(plain, burst);
    assertThat(List.of(verdict.layer(), verdict.cause()))
        .as(verdict.summary())
        .containsExactly(LOAD_BALANCER, INTERMITTENT_5XX);
    assertThat(verdict.rate()).isBetween(0.05, 0.95);
  }

  @Test
  void aCertificateAboutToExpireIsAWarningNotAnOutage() {
    LABS.get(Topology.TLS_LOAD_BALANCER).inject(LB_CERTIFICATE_EXPIRING);
    Lab tls = LABS.get(Topology.TLS_LOAD_BALANCER);
    Verdict verdict = diagnose(tls, tls.target());
    assertThat(verdict.layer()).as(verdict.summary()).isEqualTo(Layer.NONE);
    assertThat(verdict.findings())
        .extracting(Finding::cause, Finding::severity)
        .contains(org.assertj.core.groups.Tuple.tuple(CERTIFICATE_EXPIRING, Severity.WARN));
  }

  @Test
  void oneBadInstanceKeptOutByTheLoadBalancerWarns() {
    try (Lab two = Lab.builder().origins(2).start()) {
      two.inject(ORIGIN_REFUSED, 1);
      Verdict verdict = diagnose(two, two.target());
      assertThat(verdict.pages()).as(verdict.summary()).isFalse();
      assertThat(List.of(verdict.layer(), verdict.cause()))
          .as(verdict.summary())
          .containsExactly(ORIGIN, INSTANCE_DEGRADED);
      assertThat(verdict.severity()).isEqualTo(Severity.WARN);
    }
  }

  @Test
  void healthyRunsWithLatencyJitterNeverFailAndNeverOpenAnIncident() {
    Lab plain = LABS.get(Topology.PLAIN);
    plain.jitter(Duration.ofMillis(80));
    try {
      DiagnoseService service = service(plain);
      Incidents incidents = new Incidents(IncidentPolicy.DEFAULT);
      IncidentState state = IncidentState.empty(LABS.get(Topology.PLAIN).target().name());
      RoundSlot slot =
          RoundSlot.containing(Instant.parse("2026-11-24T09:00:00Z"), Duration.ofMinutes(1));
      for (int round = 0; round < 15; round++) {
        Verdict verdict =
            service
                .diagnose(List.of(LABS.get(Topology.PLAIN).target()), DiagnoseOptions.DEFAULT)
                .report()
                .targets()
                .get(0)
                .verdict();
        assertThat(verdict.layer())
            .as("round %d: %s", round, verdict.summary())
            .isEqualTo(Layer.NONE);
        assertThat(verdict.findings()).as("round %d", round).isEmpty();
        IncidentStep step = incidents.apply(state, slot, verdict);
        assertThat(step.transitions()).as("round %d", round).isEmpty();
        state = step.state();
        slot = slot.next();
      }
      assertThat(state.open()).isEmpty();
    } finally {
      LABS.get(Topology.PLAIN).jitter(Duration.ZERO);
    }
  }
}
