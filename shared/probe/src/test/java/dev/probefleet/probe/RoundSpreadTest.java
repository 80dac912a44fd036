package dev.probefleet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a round spreads its starts: stable per-path offsets, a window sized by the probes' CPU. */
class RoundSpreadTest {

  private static ProbeTask task(String target, PathKind kind, String scheme) {
    return ProbeTask.of(
        target, PathSpec.of(kind, 0, URI.create(scheme + "://shop.example/" + kind.key())));
  }

  private static List<ProbeTask> fleet(int targets, String scheme) {
    List<ProbeTask> tasks = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      for (PathKind kind : PathKind.values()) {
        tasks.add(task("target-" + i, kind, scheme));
      }
    }
    return tasks;
  }

  @Test
  void aPathsPlaceInTheWindowDependsOnItsTargetAndLabelOnly() {
    double shopCdn = ProbeClient.spreadFraction(task("shop", PathKind.CDN, "https"));
    assertThat(ProbeClient.spreadFraction(task("shop", PathKind.CDN, "http"))).isEqualTo(shopCdn);
    assertThat(ProbeClient.spreadFraction(task("shop", PathKind.LB, "https")))
        .isNotEqualTo(shopCdn);
    assertThat(ProbeClient.spreadFraction(task("shop2", PathKind.CDN, "https")))
        .isNotEqualTo(shopCdn);
    // The same in every process and release: FNV-1a of "shop\ncdn", SplitMix64-finalised.
    assertThat(shopCdn).isBetween(0.0, 1.0);
    assertThat(ProbeClient.spreadFraction(task("shop", PathKind.CDN, "https"))).isEqualTo(shopCdn);
  }

  @Test
  void placesFillTheWindowEvenly() {
    int[] deciles = new int[10];
    for (ProbeTask task : fleet(1000, "https")) {
      double f = ProbeClient.spreadFraction(task);
      assertThat(f).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
      deciles[(int) (f * 10)]++;
    }
    // 3,000 places, 300 expected per tenth: a uniform draw stays within ±60 (3.9 sigma).
    for (int count : deciles) {
      assertThat(count).isBetween(240, 360);
    }
  }

  @Test
  void theWindowIsWhatTheProbesCpuNeedsAtAQuarterOfTheCpusAtMostTheCap() {
    ProbeClient twoCores = ProbeClient.builder().cpus(2).build();
    boolean nativeEc = NativeCrypto.fastEcdh();
    double https =
        nativeEc ? ProbeClient.TLS_PROBE_CPU_MILLIS : ProbeClient.TLS_PROBE_CPU_MILLIS_JDK;
    Duration window = twoCores.spreadFor(fleet(1000, "https"), Duration.ofMinutes(1));
    // 3,000 HTTPS probes x their CPU, over a quarter of 2 CPUs.
    assertThat(window.toMillis()).isEqualTo(Math.round(3000 * https / (2 * 0.25)));
    assertThat(twoCores.spreadFor(fleet(1000, "http"), Duration.ofMinutes(1)).toMillis())
        .isEqualTo(Math.round(3000 * ProbeClient.PLAIN_PROBE_CPU_MILLIS / (2 * 0.25)));
    // A lone target hardly waits; a big fleet never past the cap; no cap, no spread.
    assertThat(twoCores.spreadFor(fleet(1, "https"), Duration.ofMinutes(1)))
        .isLessThan(Duration.ofMillis(25));
    assertThat(twoCores.spreadFor(fleet(1000, "https"), Duration.ofSeconds(2)))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(twoCores.spreadFor(fleet(1000, "https"), Duration.ZERO)).isZero();
    // A Lambda function's CPU share spreads the same round wider.
    ProbeClient lambda1024 = ProbeClient.builder().cpus(1024 / 1769.0).build();
    assertThat(lambda1024.spreadFor(fleet(1000, "https"), Duration.ofMinutes(1)))
        .isGreaterThan(window.multipliedBy(3));
  }

  @Test
  void handshakeBoundFollowsTheCpus() {
    assertThat(ProbeClient.handshakesFor(2)).isEqualTo(128);
    assertThat(ProbeClient.handshakesFor(512 / 1769.0)).isEqualTo(19);
    assertThat(ProbeClient.handshakesFor(0.01)).isEqualTo(16);
    assertThat(ProbeClient.handshakesFor(64)).isEqualTo(512);
  }
}
