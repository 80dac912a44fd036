package dev.probefleet.localstack;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which emulator a test run uses: {@code AWS_ENDPOINT_URL} if set, else LocalStack when a
 * Docker engine is reachable, else a moto process. {@code -Dprobefleet.emulator} (or {@code
 * PROBEFLEET_EMULATOR}) = {@code moto} / {@code localstack} forces one, e.g. to run the moto path
 * on a machine that has Docker.
 */
final class EmulatorSelection {
  static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";
  static final String CHOICE_PROPERTY = "probefleet.emulator";
  static final String CHOICE_VARIABLE = "PROBEFLEET_EMULATOR";

  /** Whether a Docker engine can be used; empty when it can, else why not. */
  interface DockerProbe {
    Optional<String> unavailableReason();
  }

  /**
   * @param kind the emulator to start
   * @param reason why, for the test log
   */
  record Decision(AwsEmulator.Kind kind, String reason) {}

  private EmulatorSelection() {}

  static Decision decide(Map<String, String> env, String forced, DockerProbe docker) {
    String choice =
        forced == null || forced.isBlank() ? "auto" : forced.trim().toLowerCase(Locale.ROOT);
    String endpoint = env.get(ENDPOINT_VARIABLE);
    boolean haveEndpoint = endpoint != null && !endpoint.isBlank();
    switch (choice) {
      case "auto" -> {
        if (haveEndpoint) {
          return new Decision(AwsEmulator.Kind.EXTERNAL, ENDPOINT_VARIABLE + " is set");
        }
        Optional<String> noDocker = docker.unavailableReason();
        if (noDocker.isEmpty()) {
          return new Decision(
              AwsEmulator.Kind.LOCALSTACK_CONTAINER,
              ENDPOINT_VARIABLE + " is unset and a Docker engine is reachable");
        }
        return new Decision(
            AwsEmulator.Kind.MOTO_PROCESS, ENDPOINT_VARIABLE + " is unset and " + noDocker.get());
      }
      case "external" -> {
        if (!haveEndpoint) {
          throw new EmulatorUnavailableException(
              CHOICE_PROPERTY + "=external needs " + ENDPOINT_VARIABLE + " to be set");
        }
        return new Decision(AwsEmulator.Kind.EXTERNAL, CHOICE_PROPERTY + "=external");
      }
      case "localstack" -> {
        Optional<String> noDocker = docker.unavailableReason();
        if (noDocker.isPresent()) {
          throw new EmulatorUnavailableException(
              CHOICE_PROPERTY + "=localstack needs a Docker engine, but " + noDocker.get());
        }
        return new Decision(AwsEmulator.Kind.LOCALSTACK_CONTAINER, CHOICE_PROPERTY + "=localstack");
      }
      case "moto" -> {
        return new Decision(AwsEmulator.Kind.MOTO_PROCESS, CHOICE_PROPERTY + "=moto");
      }
      default ->
          throw new EmulatorUnavailableException(
              CHOICE_PROPERTY + "='" + forced + "' is not one of auto, external, localstack, moto");
    }
  }
}
