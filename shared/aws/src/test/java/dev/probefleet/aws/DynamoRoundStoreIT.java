package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.definitions.Tables;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.contract.RoundStoreContract;
import dev.probefleet.store.contract.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The round store on the AWS emulator, over HTTP, with small pages to go through pagination. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoRoundStoreIT extends RoundStoreContract {
  private static StoreBackend backend;

  @BeforeAll
  static void emulator(EmulatedAws aws) {
    backend = new StoreBackend(aws.dynamoDb(), t -> aws.resources().table(t));
  }

  @Override
  protected RoundStore rounds() {
    return backend.rounds(2);
  }

  @Test
  void roundsCarryTheirTtlAndAReadableSummary() {
    RoundRecord round = Samples.round("ttl-t", "2026-11-24T12:00:00Z", "us-east-1", 502);
    backend.rounds(10).write(List.of(round), Instant.now().plusSeconds(30));
    Map<String, AttributeValue> item =
        backend
            .dynamoDb()
            .getItem(
                b ->
                    b.tableName(backend.table(Tables.ROUNDS))
                        .key(
                            Map.of(
                                "target", AttributeValue.fromS("ttl-t"),
                                "roundRegion",
                                    AttributeValue.fromS("2026-11-24T12:00:00Z#us-east-1"))))
            .item();
    assertThat(Long.parseLong(item.get("expiresAt").n()))
        .isEqualTo(
            Instant.parse("2026-11-24T12:00:00Z").plus(StoreBackend.RETENTION).getEpochSecond());
    assertThat(item.get("summary").s())
        .isEqualTo("cdn=HTTP_5XX/502 lb=OK/200 (0% of 2 failing) origin[0]=OK/200");
  }
}
