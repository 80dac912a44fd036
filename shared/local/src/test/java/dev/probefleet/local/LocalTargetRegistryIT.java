package dev.probefleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.dynamodb.ItemSize;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.Target;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetTooLargeException;
import dev.probefleet.store.contract.Samples;
import dev.probefleet.store.contract.TargetRegistryContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The targets registry contract on the local mode's DynamoDB Local. */
class LocalTargetRegistryIT extends TargetRegistryContract {
  @TempDir static Path data;
  private static LocalBackend local;

  @BeforeAll
  static void open() {
    local = new LocalBackend(data);
  }

  @AfterAll
  static void close() {
    local.close();
  }

  @Override
  protected TargetRegistry registry() {
    return local.backend().registry();
  }

  /**
   * DynamoDB (and DynamoDB Local) refuse an item over 400 KB only when it is written, after the
   * targets before it in the file were: the registry measures every item first and writes none.
   */
  @Test
  void aTargetOverTheItemLimitIsRefusedBeforeAnythingIsWritten() {
    TargetRegistry registry = registry();
    registry.apply(List.of(), true);
    Target big = withCaBundle(Samples.target("big"), 420 * 1024);
    Target fits = withCaBundle(Samples.target("fits"), 380 * 1024);
    long bigBytes = DynamoTargetRegistry.itemBytes(big);
    assertThat(bigBytes).isGreaterThan(ItemSize.MAX_BYTES);
    assertThat(DynamoTargetRegistry.itemBytes(fits)).isLessThan(ItemSize.MAX_BYTES);

    for (boolean dryRun : new boolean[] {true, false}) {
      List<Target> targets = List.of(Samples.target("shop"), big);
      assertThatThrownBy(
              () -> {
                if (dryRun) {
                  registry.plan(targets, true);
                } else {
                  registry.apply(targets, true);
                }
              })
          .isInstanceOfSatisfying(
              TargetTooLargeException.class,
              e -> {
                assertThat(e.sizes()).containsOnlyKeys("big");
                assertThat(e.sizes().get("big")).isBetween(bigBytes - 16, bigBytes + 16);
                assertThat(e.getMessage())
                    .startsWith("target big would be stored as ")
                    .contains("nothing was written");
              });
      assertThat(registry.all()).as("nothing written").isEmpty();
    }

    // Just under the limit is stored: DynamoDB Local takes it, so the measure is not too strict.
    assertThat(registry.apply(List.of(fits), true).added()).containsExactly("fits");
    assertThat(registry.get("fits")).contains(fits);
    registry.apply(List.of(), true);
  }

  private static Target withCaBundle(Target target, int bytes) {
    PathSpec lb = target.lb().orElseThrow();
    String pem =
        "-----BEGIN CERTIFICATE-----\n" + "A".repeat(bytes) + "\n-----END CERTIFICATE-----\n";
    PathSpec big =
        new PathSpec(
            lb.kind(),
            lb.instance(),
            lb.url(),
            lb.host(),
            lb.sni(),
            lb.resolve(),
            lb.insecure(),
            Optional.of(new CaBundle("ca/big.pem", pem)),
            lb.timeout(),
            lb.expectAddresses(),
            lb.headers(),
            lb.probeFrom());
    return new Target(
        target.name(),
        target.request(),
        target.expect(),
        target.burst(),
        target.cdn(),
        Optional.of(big),
        target.origins());
  }
}
