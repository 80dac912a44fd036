package dev.probefleet.probing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.config.EnvironmentSecretResolver;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.RecordedRequest;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.model.UnprobedPath;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.store.memory.InMemoryRoundStore;
import dev.probefleet.store.memory.InMemoryTargetRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One region's scheduled round against real loopback servers: the real probe client, the in-memory
 * stores, and a sleeper that records the confirmation's back-off instead of waiting it.
 */
class ProbeServiceTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final String US = "us-east-1";
  private static final String EU = "eu-west-1";
  private static final Fingerprinter FINGERPRINTER = Fingerprinter.defaults();

  /** 3 s back-off (recorded, not slept), at least 2 s for the confirmation, 1 s for writing. */
  private static final ProbeSettings SETTINGS =
      new ProbeSettings(true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(1));

  private final FaultHttpServer server = FaultHttpServer.start(Reply.ok().withBody("ok"));

  /** Replies by request path; absent: 200 ok. */
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();

  private final InMemoryTargetRegistry registry = new InMemoryTargetRegistry();
  private final InMemoryRoundStore rounds = new InMemoryRoundStore();
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final RoundSlot slot = RoundSlot.containing(Instant.now(), Duration.ofMinutes(1));

  ProbeServiceTest() {
    server.dispatch(
        r ->
            replies.getOrDefault(
                r.target(), Reply.ok().withHeader("Server", "nginx/1.24.0").withBody("ok")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ProbeService service(ProbeClient client) {
    return new ProbeService(
        registry,
        rounds,
        new RoundProber(client, new EnvironmentSecretResolver(Map.of()), FINGERPRINTER, CLOCK),
        MetricsSink.NONE,
        SETTINGS,
        CLOCK,
        sleeps::add);
  }

  private ProbeService service() {
    return service(ProbeClient.builder().build());
  }

  private PathSpec path(PathKind kind, String target, List<String> probeFrom) {
    return new PathSpec(
        kind,
        0,
        server.url("/" + target + "/" + kind.key()),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.of(Duration.ofSeconds(2)),
        List.of(),
        Map.of(),
        probeFrom);
  }

  /** A target with a cdn, an lb and one origin, all on the loopback server. */
  private Target chain(String name) {
    return new Target(
        name,
        RequestSpec.DEFAULT,
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.of(path(PathKind.CDN, name, List.of())),
        Optional.of(path(PathKind.LB, name, List.of())),
        List.of(path(PathKind.ORIGIN, name, List.of())));
  }

  private Target originOnly(String name, List<String> probeFrom) {
    return new Target(
        name,
        RequestSpec.DEFAULT,
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.empty(),
        Optional.empty(),
        List.of(path(PathKind.ORIGIN, name, probeFrom)));
  }

  private void fail(String target, PathKind kind) {
    replies.put(
        "/" + target + "/" + kind.key(),
        Reply.status(502).withHeader("Server", "nginx/1.24.0").withBody("bad gateway from lb"));
  }

  private long requests(String target, PathKind kind) {
    String path = "/" + target + "/" + kind.key();
    return server.requests().stream().map(RecordedRequest::target).filter(path::equals).count();
  }

  private RoundRecord stored(String target, String region) {
    return rounds.slot(target, slot, Instant.now().plusSeconds(5)).stream()
        .filter(r -> r.region().equals(region))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no round of " + target + " from " + region));
  }

  private static List<String> labels(List<PathObservation> observations) {
    return observations.stream().map(PathObservation::label).toList();
  }

  @Test
  void aRegionProbesItsShardOnlyAndOnlyThePathsItMayReach() {
    Shard shard = new Shard(1, 3);
    List<Target> fleet = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      fleet.add(originOnly("svc-" + i, List.of()));
    }
    String euOnly = nameInShard("eu-only", shard);
    String mixed = nameInShard("mixed", shard);
    fleet.add(originOnly(euOnly, List.of(EU)));
    fleet.add(
        new Target(
            mixed,
            RequestSpec.DEFAULT,
            ExpectSpec.DEFAULT,
            BurstSpec.SINGLE,
            Optional.of(path(PathKind.CDN, mixed, List.of())),
            Optional.empty(),
            List.of(path(PathKind.ORIGIN, mixed, List.of(EU)))));
    registry.apply(fleet, false);
    List<String> expected =
        fleet.stream()
            .map(Target::name)
            .filter(shard::contains)
            .filter(n -> !n.equals(euOnly))
            .sorted()
            .toList();
    assertThat(expected).hasSizeLessThan(fleet.size() - 1).contains(mixed);

    ProbeReport report = service().probe(US, shard, slot, Instant.now().plusSeconds(15));

    assertThat(report.rounds())
        .as("in registry order")
        .extracting(RoundRecord::target)
        .containsExactlyElementsOf(expected);
    assertThat(rounds.all())
        .extracting(RoundRecord::target)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(server.requests())
        .as("no request for a target of another shard, nor for a path us-east-1 may not reach")
        .allSatisfy(
            r -> {
              String target = r.target().split("/")[1];
              assertThat(expected).contains(target);
              assertThat(r.target()).isNotEqualTo("/" + mixed + "/origin");
            });
    assertThat(server.requestCount()).isEqualTo(expected.size());
    RoundRecord mixedRound = stored(mixed, US);
    assertThat(labels(mixedRound.observations())).containsExactly("cdn");
    assertThat(mixedRound.complete())
        .as("a path limited to other regions is not missing from this one")
        .isTrue();
    assertThat(report.complete()).isTrue();
    assertThat(sleeps).as("nothing failed: no confirmation").isEmpty();
  }

  private static String nameInShard(String prefix, Shard shard) {
    for (int i = 0; ; i++) {
      String name = prefix + "-" + i;
      if (shard.contains(name)) {
        return name;
      }
    }
  }

  @Test
  void theConfirmationProbesOnlyTheFailingPathsOnceAfterTheBackOff() {
    registry.apply(List.of(chain("shop"), chain("api")), false);
    fail("shop", PathKind.LB);

    ProbeReport report = service().probe(US, Shard.ALL, slot, Instant.now().plusSeconds(15));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    assertThat(requests("shop", PathKind.LB)).isEqualTo(2);
    assertThat(requests("shop", PathKind.CDN)).isEqualTo(1);
    assertThat(requests("shop", PathKind.ORIGIN)).isEqualTo(1);
    assertThat(requests("api", PathKind.LB)).isEqualTo(1);
    assertThat(report.confirmed()).isEqualTo(1);
    assertThat(report.confirmationSkipped()).isEmpty();

    RoundRecord shop = stored("shop", US);
    assertThat(labels(shop.confirmations())).containsExactly("lb");
    PathObservation again = shop.confirmation("lb").orElseThrow();
    assertThat(again.representative().failureClass()).isEqualTo(FailureClass.HTTP_5XX);
    assertThat(again.representative().probedAt())
        .isAfterOrEqualTo(shop.of(PathKind.LB).get(0).representative().probedAt());
    assertThat(again.fingerprint()).as("fingerprinted like the first answer").isPresent();
    assertThat(stored("api", US).confirmations()).isEmpty();
  }

  @Test
  void aConfirmationThatAnswersIsStoredAsSuch() {
    registry.apply(List.of(chain("shop")), false);
    server.dispatch(
        new Function<>() {
          private int lb;

          @Override
          public synchronized Reply apply(RecordedRequest r) {
            if (r.target().equals("/shop/lb") && lb++ == 0) {
              return Reply.status(502).withBody("blip");
            }
            return Reply.ok().withBody("ok");
          }
        });

    service().probe(US, Shard.ALL, slot, Instant.now().plusSeconds(15));

    RoundRecord shop = stored("shop", US);
    assertThat(shop.of(PathKind.LB).get(0).representative().failing()).isTrue();
    assertThat(shop.confirmation("lb").orElseThrow().representative().failureClass())
        .isEqualTo(FailureClass.OK);
  }

  @Test
  void theConfirmationIsSkippedWithTooLittleTimeLeft() {
    registry.apply(List.of(chain("shop")), false);
    fail("shop", PathKind.LB);

    // 4 s left for probing after the write reserve: the 3 s back-off plus the 2 s minimum do not
    // fit.
    ProbeReport report =
        service().probe(US, Shard.ALL, slot, Instant.now().plus(Duration.ofSeconds(5)));

    assertThat(sleeps).isEmpty();
    assertThat(requests("shop", PathKind.LB)).isEqualTo(1);
    assertThat(report.confirmed()).isZero();
    assertThat(report.confirmationSkipped())
        .hasValueSatisfying(
            why -> assertThat(why).contains("no time left to confirm 1 failing path(s)"));
    RoundRecord shop = stored("shop", US);
    assertThat(shop.confirmations()).isEmpty();
    assertThat(shop.complete()).as("probed, only not confirmed").isTrue();
  }

  @Test
  void roundsAreStoredTrimmed() {
    registry.apply(List.of(chain("shop")), false);
    fail("shop", PathKind.LB);

    ProbeReport report = service().probe(US, Shard.ALL, slot, Instant.now().plusSeconds(15));

    RoundRecord probed = report.rounds().get(0);
    RoundRecord shop = stored("shop", US);
    ProbeResult healthy = shop.of(PathKind.CDN).get(0).representative();
    assertThat(healthy.response().orElseThrow().headers().fields()).isEmpty();
    assertThat(healthy.response().orElseThrow().body()).isEmpty();
    assertThat(healthy.timings())
        .isEqualTo(probed.of(PathKind.CDN).get(0).representative().timings());
    assertThat(shop.of(PathKind.CDN).get(0).fingerprint().orElseThrow().generator())
        .as("who wrote it is kept")
        .isEqualTo("nginx");
    ProbeResult failing = shop.of(PathKind.LB).get(0).representative();
    assertThat(failing.response().orElseThrow().bodyText()).isEqualTo("bad gateway from lb");
    assertThat(failing.response().orElseThrow().headers().first("Server")).contains("nginx/1.24.0");
    assertThat(
            shop.confirmation("lb")
                .orElseThrow()
                .representative()
                .response()
                .orElseThrow()
                .bodyText())
        .isEqualTo("bad gateway from lb");
  }

  @Test
  void aRetriedInvocationKeepsTheFirstRound() {
    registry.apply(List.of(chain("shop")), false);
    ProbeReport first = service().probe(US, Shard.ALL, slot, Instant.now().plusSeconds(15));
    assertThat(first.written().written()).isEqualTo(1);
    Instant firstProbe = stored("shop", US).of(PathKind.LB).get(0).representative().probedAt();

    fail("shop", PathKind.LB);
    ProbeReport retry = service().probe(US, Shard.ALL, slot, Instant.now().plusSeconds(15));

    assertThat(retry.written().written()).isZero();
    assertThat(retry.written().kept()).containsExactly("shop/" + slot.id() + "#" + US);
    assertThat(retry.written().complete()).isTrue();
    RoundRecord kept = stored("shop", US);
    assertThat(kept.of(PathKind.LB).get(0).representative().probedAt()).isEqualTo(firstProbe);
    assertThat(kept.of(PathKind.LB).get(0).representative().failureClass())
        .as("the evidence an analysis may already have used")
        .isEqualTo(FailureClass.OK);
  }

  @Test
  void pathsNotStartedBeforeTheDeadlineAreRecordedAsUnprobed() {
    registry.apply(List.of(chain("shop")), false);

    // 100 ms left for probing after the write reserve; a probe needs 200 ms to start.
    ProbeReport report =
        service().probe(US, Shard.ALL, slot, Instant.now().plus(Duration.ofMillis(1_100)));

    assertThat(server.requestCount()).isZero();
    RoundRecord shop = stored("shop", US);
    assertThat(shop.observations()).isEmpty();
    assertThat(shop.unprobed())
        .extracting(UnprobedPath::label)
        .containsExactly("cdn", "lb", "origin[0]");
    assertThat(shop.unprobed()).allSatisfy(u -> assertThat(u.reason()).startsWith("not probed: "));
    assertThat(shop.complete()).isFalse();
    assertThat(report.unprobed()).isEqualTo(3);
    assertThat(report.problems())
        .extracting(RoundProblem::path)
        .containsExactly("cdn", "lb", "origin[0]");
    assertThat(report.complete()).isFalse();
  }

  @Test
  void pathsTheRoundsDeadlineCutShortOrKeptFromStartingAreUnprobedNotFailing() {
    // One connection at a time; both paths stall past the round's deadline. The one that got the
    // connection is cut short by the deadline before its own 10 s timeout: the prober ran out of
    // time, not the target, so it is unprobed — as is the one that never started. Nothing fails,
    // so nothing is confirmed.
    Reply stall = Reply.ok().withBody("late").withFirstByteDelay(Duration.ofSeconds(10));
    replies.put("/slow/cdn", stall);
    replies.put("/slow/lb", stall);
    registry.apply(
        List.of(
            new Target(
                "slow",
                RequestSpec.DEFAULT,
                ExpectSpec.DEFAULT,
                BurstSpec.SINGLE,
                Optional.of(path(PathKind.CDN, "slow", List.of())),
                Optional.of(path(PathKind.LB, "slow", List.of())),
                List.of())),
        false);
    ProbeClient oneAtATime =
        ProbeClient.builder().maxOpenConnections(1).roundGrace(Duration.ofMillis(300)).build();

    ProbeReport report =
        service(oneAtATime)
            .probe(US, Shard.ALL, slot, Instant.now().plus(Duration.ofMillis(2_000)));

    RoundRecord slow = stored("slow", US);
    assertThat(slow.observations()).isEmpty();
    assertThat(slow.unprobed())
        .extracting(u -> u.reason())
        .anySatisfy(r -> assertThat(r).contains("cut short by the round deadline"))
        .anySatisfy(r -> assertThat(r).contains("no connection slot came free"));
    assertThat(slow.complete()).isFalse();
    assertThat(report.failing()).isZero();
    assertThat(report.confirmationSkipped()).isEmpty();
    assertThat(sleeps).isEmpty();
  }
}
