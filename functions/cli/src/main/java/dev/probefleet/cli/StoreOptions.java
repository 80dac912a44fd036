package dev.probefleet.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Which store a command uses, the same flags and meaning for every command that touches one ({@code
 * run}, {@code incidents}, {@code incident}, {@code targets apply}): DynamoDB Local under {@code
 * --data}, nothing kept, AWS, or an emulator. Commands pointed at the same store with the same
 * flags see the same tables.
 */
class StoreOptions {
  private static final String ENDPOINT = "endpoint=";

  @Option(
      names = "--store",
      paramLabel = "STORE",
      defaultValue = "local",
      description =
          "local (DynamoDB Local under --data), memory (nothing kept), aws (default credentials and"
              + " region) or endpoint=URL (an emulator). Default ${DEFAULT-VALUE}.")
  String store;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "The local store's directory (default ./${DEFAULT-VALUE}).")
  Path data;

  /** The store kinds, as {@code --store} names them. */
  enum Kind {
    LOCAL,
    MEMORY,
    AWS,
    ENDPOINT
  }

  /**
   * The kind {@code --store} names.
   *
   * @throws UsageException naming the flag and its value when it names none
   */
  Kind kind() {
    String kind = store.trim();
    if (kind.equals("local")) {
      return Kind.LOCAL;
    } else if (kind.equals("memory")) {
      return Kind.MEMORY;
    } else if (kind.equals("aws")) {
      return Kind.AWS;
    } else if (kind.startsWith(ENDPOINT) && kind.length() > ENDPOINT.length()) {
      return Kind.ENDPOINT;
    }
    throw new UsageException(
        "--store: '" + store + "' is not one of local, memory, aws, endpoint=URL");
  }

  /**
   * Sets the store's properties of the composition root: its kind, and the data directory or the
   * endpoint; the home region (where the tables are) as {@link #homeRegion} says.
   *
   * @param region the {@code --region} the command was given
   */
  void configure(FleetProperties properties, String region) {
    switch (kind()) {
      case LOCAL -> {
        createDataDirectory();
        properties.set("probefleet.store.kind", "local");
        properties.set("probefleet.store.data-dir", data.toString());
      }
      case MEMORY -> properties.set("probefleet.store.kind", "memory");
      case AWS -> properties.set("probefleet.store.kind", "dynamodb");
      case ENDPOINT -> {
        properties.set("probefleet.store.kind", "dynamodb");
        properties.flag(
            "--store", "probefleet.aws.endpoint", store.trim().substring(ENDPOINT.length()));
      }
    }
    properties.set("probefleet.home-region", homeRegion(region));
  }

  /**
   * Creates {@code --data} (the local store would, a moment later) so that a directory that cannot
   * be made — under a file, on a read-only or pseudo file system — is a usage error naming the
   * flag, not an internal error from inside the store.
   */
  private void createDataDirectory() {
    try {
      Files.createDirectories(data);
    } catch (FileAlreadyExistsException e) {
      throw new UsageException("--data " + data + ": " + e.getFile() + " is not a directory");
    } catch (FileSystemException e) {
      throw new UsageException(
          "--data "
              + data
              + ": cannot create the directory ("
              + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason())
              + (e.getFile() == null || e.getFile().equals(data.toString())
                  ? ""
                  : " at " + e.getFile())
              + ")");
    } catch (IOException e) {
      throw new UsageException("--data " + data + ": cannot create the directory (" + e + ")");
    }
  }

  /**
   * Where the tables (and the topic's client) live: with {@code --store aws}, the region of the
   * default provider chain (AWS_REGION, the profile); elsewhere {@code region}, or us-east-1 for
   * the default region name {@code local} (emulators take any; DynamoDB Local ignores it).
   */
  String homeRegion(String region) {
    if (kind() == Kind.AWS) {
      try {
        return new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (SdkClientException e) {
        throw new UsageException(
            "--store aws: no AWS region configured (set AWS_REGION or a profile's region)");
      }
    }
    return region.equals("local") ? "us-east-1" : region;
  }

  /** The store as the first line of a command names it: {@code local (/abs/data)}, {@code aws}. */
  String describe() {
    return kind() == Kind.LOCAL ? store.trim() + " (" + data.toAbsolutePath() + ")" : store.trim();
  }
}
