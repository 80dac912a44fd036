package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.Tables;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.store.WriteReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What every backend of the round store must do; subclasses say which backend. */
public abstract class RoundStoreContract {
  /**
   * Long enough that the fixed dates of these rounds never expire: DynamoDB Local deletes items
   * whose TTL has passed, and a 7-day retention would turn these tests red a week after the dates.
   */
  private static final Duration RETENTION = Duration.ofDays(3650);

  /** The backend under test. */
  protected abstract StoreBackend backend();

  private DynamoRoundStore store(int pageSize) {
    return new DynamoRoundStore(
        backend().dynamoDb(),
        backend().table(Tables.ROUNDS),
        RETENTION,
        Retrier.standard(),
        pageSize);
  }

  @Test
  public void theRegionsOfOneSlotComeBackTogetherAndNothingOfOtherSlotsOrTargets() {
    DynamoRoundStore store = store(2);
    List<RoundRecord> rounds =
        List.of(
            Samples.round("slot-t", "2026-11-24T09:01:00Z", "us-east-1", 502),
            Samples.round("slot-t", "2026-11-24T09:01:00Z", "eu-west-1", 200),
            Samples.round("slot-t", "2026-11-24T09:01:00Z", "ap-southeast-2", 200),
            Samples.round("slot-t", "2026-11-24T09:00:00Z", "us-east-1", 200),
            Samples.round("slot-t", "2026-11-24T09:02:00Z", "us-east-1", 200),
            Samples.round("other", "2026-11-24T09:01:00Z", "us-east-1", 200));
    WriteReport report = store.write(rounds, Instant.now().plusSeconds(30));
    assertThat(report.complete()).isTrue();
    assertThat(report.written()).isEqualTo(6);

    List<RoundRecord> slot = store.slot("slot-t", Samples.slot("2026-11-24T09:01:00Z"));
    assertThat(slot)
        .extracting(RoundRecord::region)
        .containsExactly("ap-southeast-2", "eu-west-1", "us-east-1");
    assertThat(slot.get(2))
        .isEqualTo(rounds.get(0)); // evidence intact, through pagination (page size 2)
  }

  @Test
  public void latestReturnsTheNewestSlotsFirstAcrossPages() {
    DynamoRoundStore store = store(3);
    List<RoundRecord> rounds = new ArrayList<>();
    for (int minute = 0; minute < 6; minute++) {
      String slot = "2026-11-24T10:0" + minute + ":00Z";
      rounds.add(Samples.round("latest-t", slot, "us-east-1", 200));
      rounds.add(Samples.round("latest-t", slot, "eu-west-1", 200));
    }
    assertThat(store.write(rounds, Instant.now().plusSeconds(30)).complete()).isTrue();

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
  public void aRetriedWriteOfTheSameRoundLeavesOneItem() {
    DynamoRoundStore store = store(10);
    RoundRecord round = Samples.round("retry-t", "2026-11-24T11:00:00Z", "us-east-1", 502);
    store.write(List.of(round, round), Instant.now().plusSeconds(30));
    store.write(List.of(round), Instant.now().plusSeconds(30));
    assertThat(store.slot("retry-t", round.slot())).containsExactly(round);
  }

  @Test
  public void roundsCarryTheirTtlAndAReadableSummary() {
    DynamoRoundStore store = store(10);
    RoundRecord round = Samples.round("ttl-t", "2026-11-24T12:00:00Z", "us-east-1", 502);
    store.write(List.of(round), Instant.now().plusSeconds(30));
    Map<String, AttributeValue> item =
        backend()
            .dynamoDb()
            .getItem(
                b ->
                    b.tableName(backend().table(Tables.ROUNDS))
                        .key(
                            Map.of(
                                "target", AttributeValue.fromS("ttl-t"),
                                "roundRegion",
                                    AttributeValue.fromS("2026-11-24T12:00:00Z#us-east-1"))))
            .item();
    assertThat(Long.parseLong(item.get("expiresAt").n()))
        .isEqualTo(Instant.parse("2026-11-24T12:00:00Z").plus(RETENTION).getEpochSecond());
    assertThat(item.get("summary").s())
        .isEqualTo("cdn=HTTP_5XX/502 lb=OK/200 (0% of 2 failing) origin[0]=OK/200");
  }
}
