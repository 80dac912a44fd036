package dev.probefleet.local;

import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Tables;
import dev.probefleet.model.Target;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A second process, as {@code probefleet incidents} would be while {@code probefleet run} runs:
 * opens the data directory given as the argument and prints whether it owns or attached, then the
 * names of the registered targets.
 */
public final class ReaderProcess {
  private ReaderProcess() {}

  public static void main(String[] args) {
    try (LocalDynamoDb store = LocalDynamoDb.open(Path.of(args[0]));
        var client = store.client()) {
      System.out.println(store.owner() ? "owner" : "attached " + store.endpoint());
      var registry =
          new DynamoTargetRegistry(
              client,
              ResourceNames.defaults().table(Tables.TARGETS),
              Retrier.standard(),
              Clock.systemUTC());
      for (Target t : registry.all()) {
        System.out.println("target " + t.name());
      }
    }
  }
}
