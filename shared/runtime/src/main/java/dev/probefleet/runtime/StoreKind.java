package dev.probefleet.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the stores keep their data ({@code probefleet.store.kind}). */
public enum StoreKind {
  /** DynamoDB: AWS in the home region, or an emulator at {@code probefleet.store.endpoint}. */
  DYNAMODB,
  /** DynamoDB Local under {@code probefleet.store.data-dir} (the CLI ships it; Lambda does not). */
  LOCAL,
  /** In memory: nothing survives the process. */
  MEMORY;

  /** The kind named by a property value. */
  static StoreKind parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new FleetConfigurationException(
          "probefleet.store.kind",
          "'"
              + value
              + "' is not one of "
              + Arrays.stream(values())
                  .map(k -> k.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", ")));
    }
  }
}
