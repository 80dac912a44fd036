package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composition root with {@code probefleet.store.kind=local}: the CLI's DynamoDB Local under a
 * data directory, tables created on first use, data still there after a restart.
 */
class LocalFleetIT {

  @Test
  void theLocalStoreKeepsTheRegistryAcrossRestarts(@TempDir Path dir) {
    Map<String, Object> properties =
        Map.of("probefleet.store.kind", "local", "probefleet.store.data-dir", dir.toString());
    try (Fleet fleet = Fleet.start(properties)) {
      fleet.get(TargetRegistry.class).apply(List.of(Samples.target("shop")), true);
    }
    assertThat(Files.exists(dir.resolve("dynamodb.lock"))).isTrue();
    try (Fleet again = Fleet.start(properties)) {
      assertThat(again.get(TargetRegistry.class).all())
          .extracting(t -> t.name())
          .containsExactly("shop");
    }
  }
}
