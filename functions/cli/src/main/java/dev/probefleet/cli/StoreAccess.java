package dev.probefleet.cli;

import dev.probefleet.runtime.Fleet;
import java.nio.file.Files;
import picocli.CommandLine.Option;

/**
 * The store flags of the commands that read or write a store without running the fleet ({@code
 * incidents}, {@code incident}, {@code targets apply}): {@link StoreOptions}, and {@code --region}
 * for where the tables are, so the same flags as a {@code probefleet run} reach its tables.
 *
 * <p>With the local store, a command opens DynamoDB Local under {@code --data} itself, or, while a
 * {@code probefleet run} (any process) serves that directory, attaches to it over loopback through
 * the endpoint the run recorded in {@code dynamodb.endpoint}: DynamoDB Local's files are one
 * process's at a time ({@code dev.probefleet.local.LocalDynamoDb}).
 */
final class StoreAccess extends StoreOptions {

  @Option(
      names = "--region",
      paramLabel = "NAME",
      defaultValue = "local",
      description =
          "With --store endpoint=URL: the region of the tables, the --region probefleet run was"
              + " given (default ${DEFAULT-VALUE}, which means us-east-1). With --store aws:"
              + " AWS_REGION or the profile's region.")
  String region;

  /**
   * Starts the composition root on the store.
   *
   * @param existing whether a local store must exist already (a read); a write creates it
   * @throws UsageException when the store is local, must exist and {@code --data} holds none
   */
  Fleet start(FleetProperties properties, boolean existing) {
    // Checked before configure, which creates the directory a write needs.
    if (existing && kind() == Kind.LOCAL && !Files.isDirectory(data)) {
      throw new UsageException(
          "--data "
              + data
              + ": no local store there (probefleet run keeps its history in the --data directory,"
              + " ./data by default)");
    }
    configure(properties, region);
    return properties.start();
  }
}
