package dev.probefleet.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.UnprobedPath;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.WriteReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * What every backend of the round store must do — DynamoDB on the emulator, DynamoDB Local and in
 * memory; subclasses say which (a DynamoDB one with a small page size, to go through pagination).
 */
public abstract class RoundStoreContract {

  /** The store under test. */
  protected abstract RoundStore rounds();

  private static Instant deadline() {
    return Instant.now().plusSeconds(30);
  }

  @Test
  public void theRegionsOfOneSlotComeBackTogetherAndNothingOfOtherSlotsOrTargets() {
    RoundStore store = rounds();
    List<RoundRecord> rounds =
        List.of(
            Samples.round("slot-t", "2026-11-24T09:01:00Z", "us-east-1", 502),
            Samples.round("slot-t", "2026-11-24T09:01:00Z", "eu-west-1", 200),
            Samples.round("slot-t", "2026-11-24T09:01:00Z", "ap-southeast-2", 200),
            Samples.round("slot-t", "2026-11-24T09:00:00Z", "us-east-1", 200),
            Samples.round("slot-t", "2026-11-24T09:02:00Z", "us-east-1", 200),
            Samples.round("other", "2026-11-24T09:01:00Z", "us-east-1", 200));
    WriteReport report = store.write(rounds, deadline());
    assertThat(report.complete()).isTrue();
    assertThat(report.written()).isEqualTo(6);
    assertThat(report.kept()).isEmpty();

    List<RoundRecord> slot = store.slot("slot-t", Samples.slot("2026-11-24T09:01:00Z"), deadline());
    assertThat(slot)
        .extracting(RoundRecord::region)
        .containsExactly("ap-southeast-2", "eu-west-1", "us-east-1");
    assertThat(slot.get(2)).isEqualTo(rounds.get(0)); // evidence intact
  }

  @Test
  public void severalSlotsComeBackInOneReadBySlot() {
    RoundStore store = rounds();
    List<RoundRecord> rounds = new ArrayList<>();
    for (int minute = 0; minute < 5; minute++) {
      String slot = "2026-11-24T13:0" + minute + ":00Z";
      rounds.add(Samples.round("range-t", slot, "us-east-1", 200));
      if (minute != 2) {
        rounds.add(Samples.round("range-t", slot, "eu-west-1", 502));
      }
    }
    rounds.add(Samples.round("range-u", "2026-11-24T13:02:00Z", "us-east-1", 200));
    assertThat(store.write(rounds, deadline()).complete()).isTrue();

    SortedMap<RoundSlot, List<RoundRecord>> found =
        store.slots(
            "range-t",
            Samples.slot("2026-11-24T13:01:00Z"),
            Samples.slot("2026-11-24T13:03:00Z"),
            deadline());
    assertThat(found.keySet())
        .extracting(RoundSlot::id)
        .containsExactly("2026-11-24T13:01:00Z", "2026-11-24T13:02:00Z", "2026-11-24T13:03:00Z");
    assertThat(found.get(Samples.slot("2026-11-24T13:01:00Z")))
        .extracting(RoundRecord::region)
        .containsExactly("eu-west-1", "us-east-1");
    assertThat(found.get(Samples.slot("2026-11-24T13:02:00Z")))
        .extracting(RoundRecord::region)
        .containsExactly("us-east-1");
    assertThat(
            store.slots(
                "range-t",
                Samples.slot("2026-11-24T14:00:00Z"),
                Samples.slot("2026-11-24T14:05:00Z"),
                deadline()))
        .isEmpty();
  }

  @Test
  public void latestReturnsTheNewestSlotsFirstAcrossPages() {
    RoundStore store = rounds();
    List<RoundRecord> rounds = new ArrayList<>();
    for (int minute = 0; minute < 6; minute++) {
      String slot = "2026-11-24T10:0" + minute + ":00Z";
      rounds.add(Samples.round("latest-t", slot, "us-east-1", 200));
      rounds.add(Samples.round("latest-t", slot, "eu-west-1", 200));
    }
    assertThat(store.write(rounds, deadline()).complete()).isTrue();

    List<RoundRecord> latest = store.latest("latest-t", 3);
    assertThat(latest).hasSize(6);
    assertThat(latest)
        .extracting(r -> r.slot().id())
        .containsExactly(
            "2026-11-24T10:05:00Z", "2026-11-24T10:05:00Z",
            "2026-11-24T10:04:00Z", "2026-11-24T10:04:00Z",
            "2026-11-24T10:03:00Z", "2026-11-24T10:03:00Z");
    assertThat(store.latest("nobody", 3)).isEmpty();
  }

  @Test
  public void theFirstWriteOfARoundWinsAndARetryKeepsIt() {
    RoundStore store = rounds();
    RoundRecord first = Samples.round("retry-t", "2026-11-24T11:00:00Z", "us-east-1", 502);
    RoundRecord retry = Samples.round("retry-t", "2026-11-24T11:00:00Z", "us-east-1", 200);
    WriteReport written = store.write(List.of(first), deadline());
    assertThat(written.written()).isEqualTo(1);

    WriteReport again = store.write(List.of(retry), deadline());
    assertThat(again.written()).isZero();
    assertThat(again.kept()).containsExactly("retry-t/2026-11-24T11:00:00Z#us-east-1");
    assertThat(again.complete()).isTrue();
    assertThat(store.slot("retry-t", first.slot(), deadline()))
        .as("the evidence a verdict may have been drawn from is not replaced")
        .containsExactly(first);
  }

  @Test
  public void anIncompleteRoundAndItsConfirmationsComeBackAsWritten() {
    RoundStore store = rounds();
    RoundRecord failing = Samples.round("conf-t", "2026-11-24T12:00:00Z", "us-east-1", 502);
    RoundRecord confirmed =
        failing
            .withConfirmations(
                List.of(
                    Samples.round("conf-t", "2026-11-24T12:00:00Z", "us-east-1", 502)
                        .observations()
                        .get(0)))
            .withUnprobed(List.of(new UnprobedPath("origin[1]", "not probed: deadline reached")));
    assertThat(store.write(List.of(confirmed), deadline()).complete()).isTrue();
    RoundRecord back = store.slot("conf-t", failing.slot(), deadline()).get(0);
    assertThat(back).isEqualTo(confirmed);
    assertThat(back.complete()).isFalse();
    assertThat(back.confirmation("cdn")).isPresent();
  }
}
