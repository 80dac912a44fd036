package dev.probefleet.functions.rie;

import dev.probefleet.localstack.EmulatedAws;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment variables a function gets from its stack, here pointing at the AWS emulator. */
public final class FunctionEnvironments {
  private FunctionEnvironments() {}

  /**
   * A function of the fleet whose home region, tables and endpoint are the emulator's: what the
   * stacks set ({@code PROBEFLEET_HOME_REGION}, {@code PROBEFLEET_STORE_TABLE_PREFIX}) plus the
   * emulator's endpoint ({@code PROBEFLEET_AWS_ENDPOINT}), read by the Micronaut functions and the
   * plain handlers alike.
   */
  public static Map<String, String> onEmulator(EmulatedAws aws) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PROBEFLEET_HOME_REGION", aws.emulator().region().id());
    env.put("PROBEFLEET_STORE_KIND", "dynamodb");
    env.put("PROBEFLEET_STORE_TABLE_PREFIX", aws.names().prefix());
    env.put("PROBEFLEET_AWS_ENDPOINT", aws.emulator().endpoint().toString());
    return env;
  }
}
