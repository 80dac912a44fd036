package dev.probefleet.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.config.EnvironmentSecretResolver;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.Cause;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probing.ProbedRound;
import dev.probefleet.probing.RoundProber;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The diagnose service over real loopback servers. */
class DiagnoseServiceIT {
  private static final Clock CLOCK = Clock.systemUTC();

  private static RoundProber prober(Map<String, String> env) {
    return new RoundProber(
        ProbeClient.builder().build(),
        new EnvironmentSecretResolver(env),
        Fingerprinter.defaults(),
        CLOCK);
  }

  private static DiagnoseService service(Map<String, String> env) {
    return new DiagnoseService(
        prober(env),
        new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
        CLOCK,
        d -> {});
  }

  private static Target originOnly(String name, URI url, Map<String, HeaderValue> headers) {
    PathSpec origin =
        new PathSpec(
            PathKind.ORIGIN,
            0,
            url,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.of(Duration.ofSeconds(3)),
            List.of(),
            Map.of(),
            List.of());
    return new Target(
        name,
        new RequestSpec("GET", headers),
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.empty(),
        Optional.empty(),
        List.of(origin));
  }

  @Test
  void aFaultSeenInFewerThanHalfTheRoundsIsReportedAsIntermittentWithItsRate() {
    AtomicInteger n = new AtomicInteger();
    try (FaultHttpServer origin = FaultHttpServer.start(Reply.ok().withBody("ok"))) {
      // the second of four rounds gets a 502 from the app; the others are healthy
      origin.dispatch(
          r ->
              n.incrementAndGet() == 2
                  ? Reply.status(502).withBody("upstream says no")
                  : Reply.ok().withBody("ok"));
      Target shop = originOnly("shop", origin.url("/health"), Map.of());
      Diagnosis diagnosis =
          service(Map.of())
              .diagnose(
                  List.of(shop),
                  DiagnoseOptions.DEFAULT.withRounds(4).withInterval(Duration.ofMillis(10)));
      Verdict verdict = diagnosis.report().targets().get(0).verdict();
      assertThat(verdict.cause()).isEqualTo(Cause.INTERMITTENT_5XX);
      assertThat(verdict.rate()).isEqualTo(0.25);
      assertThat(diagnosis.report().exitStatus()).isZero();
      assertThat(origin.requestCount()).isEqualTo(4);
    }
  }

  @Test
  void aFaultInMostRoundsIsTheVerdict() {
    try (FaultHttpServer origin = FaultHttpServer.start(Reply.status(503).withBody("down"))) {
      Target shop = originOnly("shop", origin.url("/health"), Map.of());
      Diagnosis diagnosis =
          service(Map.of())
              .diagnose(
                  List.of(shop),
                  DiagnoseOptions.DEFAULT.withRounds(3).withInterval(Duration.ofMillis(10)));
      Verdict verdict = diagnosis.report().targets().get(0).verdict();
      assertThat(verdict.layer()).isEqualTo(Layer.ORIGIN);
      assertThat(verdict.rate()).isEqualTo(1.0);
      assertThat(diagnosis.report().exitStatus()).isEqualTo(1);
    }
  }

  @Test
  void secretsAreResolvedAndSentButAnUnresolvableOneIsReportedNotSent() {
    try (FaultHttpServer origin = FaultHttpServer.start(Reply.ok().withBody("ok"))) {
      Target withSecret =
          originOnly(
              "with-secret",
              origin.url("/a"),
              Map.of(
                  "Authorization",
                  new HeaderValue.Secret(HeaderValue.Secret.Source.ENV, "PROBE_TOKEN")));
      Target missing =
          originOnly(
              "missing-secret",
              origin.url("/b"),
              Map.of(
                  "Authorization",
                  new HeaderValue.Secret(HeaderValue.Secret.Source.ENV, "NOT_SET")));
      RoundSlot slot = RoundSlot.containing(Instant.now(), Duration.ofMinutes(1));
      ProbedRound round =
          prober(Map.of("PROBE_TOKEN", "Bearer t0ken"))
              .probe(List.of(withSecret, missing), "local", slot, Instant.now().plusSeconds(10));

      assertThat(origin.requests()).hasSize(1);
      assertThat(origin.requests().get(0).header("Authorization")).contains("Bearer t0ken");
      assertThat(round.record("with-secret").orElseThrow().observations()).hasSize(1);
      assertThat(round.record("missing-secret").orElseThrow().observations()).isEmpty();
      assertThat(round.record("missing-secret").orElseThrow().complete())
          .as("a path the prober could not probe leaves its round incomplete, never healthy")
          .isFalse();
      assertThat(round.record("missing-secret").orElseThrow().unprobed())
          .singleElement()
          .satisfies(u -> assertThat(u.label()).isEqualTo("origin[0]"))
          .satisfies(u -> assertThat(u.reason()).contains("env:NOT_SET").doesNotContain("t0ken"));
      assertThat(round.record("with-secret").orElseThrow().observations().get(0).fingerprint())
          .as("the prober fingerprints the answer where it is")
          .isPresent();
      assertThat(round.problems()).hasSize(1);
      assertThat(round.problems().get(0).toString())
          .startsWith("missing-secret origin[0]: ")
          .contains("env:NOT_SET")
          .doesNotContain("t0ken");
    }
  }

  @Test
  void pathsOtherRegionsProbeAreSkipped() {
    try (FaultHttpServer origin = FaultHttpServer.start(Reply.ok().withBody("ok"))) {
      PathSpec eu =
          new PathSpec(
              PathKind.ORIGIN,
              0,
              origin.url("/health"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              false,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              Map.of(),
              List.of("eu-west-1"));
      Target target =
          new Target(
              "eu-only",
              RequestSpec.DEFAULT,
              ExpectSpec.DEFAULT,
              BurstSpec.SINGLE,
              Optional.empty(),
              Optional.empty(),
              List.of(eu));
      RoundSlot slot = RoundSlot.containing(Instant.now(), Duration.ofMinutes(1));
      ProbedRound fromUs =
          prober(Map.of()).probe(List.of(target), "us-east-1", slot, Instant.now().plusSeconds(5));
      ProbedRound fromEu =
          prober(Map.of()).probe(List.of(target), "eu-west-1", slot, Instant.now().plusSeconds(5));
      assertThat(fromUs.record("eu-only").orElseThrow().observations()).isEmpty();
      assertThat(fromEu.record("eu-only").orElseThrow().observations()).hasSize(1);
      assertThat(origin.requestCount()).isEqualTo(1);
    }
  }
}
