package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.model.Fingerprint;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link BaselineLearner#update}: what the analyzer stores per path and slot. A baseline is written
 * only when the slot changed something that matters, so a settled path costs no write, while a new
 * software is still learned within a few slots.
 */
class BaselineLearnerUpdateTest {
  private static final Fingerprinter FINGERPRINTER = Fingerprinter.defaults();
  private final BaselineLearner learner = BaselineLearner.DEFAULT;

  private static Fingerprint healthy(Software software) {
    return FINGERPRINTER.fingerprint(
        CaptureCases.response(CapturedPages.load(software, Scenario.HEALTHY)));
  }

  private static List<Fingerprint> slot(Fingerprint fingerprint, int regions) {
    return Collections.nCopies(regions, fingerprint);
  }

  /** A baseline learned slot by slot as the analyzer learns it, until a slot changes nothing. */
  private PathBaseline settled(Fingerprint fingerprint, int regions) {
    PathBaseline baseline = PathBaseline.empty("shop/lb");
    for (int i = 0; i < 50; i++) {
      Optional<PathBaseline> next = learner.update(baseline, slot(fingerprint, regions));
      if (next.isEmpty()) {
        return baseline;
      }
      baseline = next.get();
    }
    throw new AssertionError("never settled: " + baseline);
  }

  @Test
  void aSettledBaselineSeeingItsOwnSoftwareChangesNothing() {
    Fingerprint nginx = healthy(Software.NGINX);
    assertThat(nginx.generator()).isEqualTo("nginx");

    PathBaseline baseline = PathBaseline.empty("shop/lb");
    int written = 0;
    for (int i = 0; i < 30; i++) {
      Optional<PathBaseline> next = learner.update(baseline, slot(nginx, 3));
      if (next.isPresent()) {
        written++;
        baseline = next.get();
      }
    }

    assertThat(written)
        .as("learned until settled (%d samples), then not written again", baseline.samples())
        .isEqualTo(4);
    assertThat(baseline.samples()).isGreaterThanOrEqualTo(BaselineLearner.SETTLED_SAMPLES);
    assertThat(learner.generator(baseline)).contains("nginx");
    assertThat(learner.update(baseline, slot(nginx, 3))).isEmpty();
    assertThat(learner.update(baseline, List.of())).as("a slot with no healthy answer").isEmpty();
  }

  @Test
  void aBaselineStillBeingLearnedIsUpdatedEverySlot() {
    Fingerprint nginx = healthy(Software.NGINX);
    PathBaseline young = learner.learn(PathBaseline.empty("shop/lb"), nginx);

    Optional<PathBaseline> next = learner.update(young, slot(nginx, 2));

    assertThat(next).isPresent();
    assertThat(next.get().samples()).isEqualTo(3);
    assertThat(next.get().generators()).containsEntry("nginx", 3);
  }

  @Test
  void anOddAnswerIsLearned() {
    PathBaseline baseline = settled(healthy(Software.NGINX), 3);
    Fingerprint apache = healthy(Software.APACHE);

    Optional<PathBaseline> next =
        learner.update(baseline, List.of(healthy(Software.NGINX), apache, healthy(Software.NGINX)));

    assertThat(next).as("a slot with another software is counted and written").isPresent();
    assertThat(next.get().generators()).containsEntry("apache", 1);
    assertThat(next.get().samples()).isEqualTo(baseline.samples() + 3);
    assertThat(learner.generator(next.get())).as("one odd answer moves nothing").contains("nginx");
  }

  @Test
  void theSameSoftwareBehindANewHopIsLearned() {
    PathBaseline baseline = settled(healthy(Software.NGINX), 3);
    Fingerprint viaCloudFront =
        FINGERPRINTER.fingerprint(
            FingerprinterTest.response(
                200,
                "ok",
                "Server",
                "nginx/1.24.0",
                "Via",
                "1.1 ab12.cloudfront.net (CloudFront)",
                "X-Cache",
                "Miss from cloudfront"));
    assertThat(viaCloudFront.generator()).isEqualTo("nginx");
    assertThat(viaCloudFront.passedThrough()).containsExactly("cloudfront");

    Optional<PathBaseline> next = learner.update(baseline, slot(viaCloudFront, 3));

    assertThat(next).isPresent();
    assertThat(next.get().hops()).containsEntry("cloudfront", 3);
  }

  @Test
  void aPathSwitchingSoftwareReestablishesTheNewGeneratorWithinAHandfulOfSlots() {
    PathBaseline baseline = settled(healthy(Software.NGINX), 3);
    Fingerprint caddy = healthy(Software.CADDY);
    assertThat(caddy.generator()).isEqualTo("caddy");

    int slots = 0;
    while (!learner.generator(baseline).equals(Optional.of("caddy"))) {
      Optional<PathBaseline> next = learner.update(baseline, slot(caddy, 3));
      assertThat(next).as("every slot of the new software is written").isPresent();
      baseline = next.get();
      slots++;
      assertThat(slots).as("slots until caddy is the generator").isLessThanOrEqualTo(6);
    }

    // And the new software settles in turn: no write per slot for ever.
    int more = 0;
    for (Optional<PathBaseline> next = learner.update(baseline, slot(caddy, 3));
        next.isPresent();
        next = learner.update(baseline, slot(caddy, 3))) {
      baseline = next.get();
      more++;
      assertThat(more).as("slots until caddy is settled").isLessThanOrEqualTo(30);
    }
    assertThat(learner.generator(baseline)).contains("caddy");
  }

  @Test
  void aSingleRegionRelearnsToo() {
    // One healthy answer per slot (a one-region fleet, `probefleet run`): the settled baseline
    // stopped growing at 10 samples, so 15 slots of the new software outweigh it.
    PathBaseline baseline = settled(healthy(Software.NGINX), 1);
    assertThat(baseline.samples()).isEqualTo(BaselineLearner.SETTLED_SAMPLES);
    Fingerprint caddy = healthy(Software.CADDY);

    for (int i = 0; i < 15; i++) {
      baseline = learner.update(baseline, slot(caddy, 1)).orElseThrow();
    }

    assertThat(learner.generator(baseline)).contains("caddy");
  }

  @Test
  void aPathWhoseHealthyAnswersNobodyMarksSettlesToo() {
    // HAProxy relays a healthy answer without a mark of its own, as do many application servers:
    // the answers fingerprint as unknown. Counting them again every slot changes nothing that
    // matters (no generator can be established from them), so they must not cost a write per slot.
    Fingerprint unmarked = healthy(Software.HAPROXY);
    assertThat(unmarked.generator()).isEqualTo(Fingerprint.UNKNOWN);

    PathBaseline baseline = PathBaseline.empty("shop/origin[0]");
    int written = 0;
    for (int i = 0; i < 30; i++) {
      Optional<PathBaseline> next = learner.update(baseline, slot(unmarked, 3));
      if (next.isPresent()) {
        written++;
        baseline = next.get();
      }
    }

    assertThat(written).as("written until settled, then no more").isEqualTo(4);
    assertThat(learner.generator(baseline)).isEmpty();
    Optional<PathBaseline> marked = learner.update(baseline, slot(healthy(Software.NGINX), 3));
    assertThat(marked).as("a software that marks its answers is learned").isPresent();
    assertThat(marked.get().generators()).containsEntry("nginx", 3);
  }
}
