package dev.probefleet.localstack;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts emulators. {@link #shared()} is the one emulator of a test run: started on first use,
 * stopped when the JVM exits (and earlier by {@link AwsEmulatorExtension}, at the end of the JUnit
 * run).
 */
public final class AwsEmulators {
  private static final Logger LOG = LoggerFactory.getLogger(AwsEmulators.class);

  /** System property naming the project's virtualenv; failsafe sets it. */
  public static final String VENV_PROPERTY = "probefleet.venv";

  private static AwsEmulator shared;
  private static boolean hookInstalled;

  private AwsEmulators() {}

  /** The emulator of this JVM, chosen and started on first call. */
  public static synchronized AwsEmulator shared() {
    if (shared == null) {
      shared =
          start(
              System.getenv(),
              System.getProperty(
                  EmulatorSelection.CHOICE_PROPERTY,
                  System.getenv(EmulatorSelection.CHOICE_VARIABLE)));
      if (!hookInstalled) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(AwsEmulators::stopShared, "aws-emulator-stop"));
        hookInstalled = true;
      }
    }
    return shared;
  }

  /** Stops the shared emulator, if one was started; a later {@link #shared()} starts a new one. */
  public static synchronized void stopShared() {
    if (shared != null) {
      LOG.info("stopping AWS emulator: {}", shared.description());
      shared.close();
      shared = null;
    }
  }

  /**
   * Chooses and starts an emulator.
   *
   * @param env the environment ({@code AWS_ENDPOINT_URL}, {@code LOCALSTACK_AUTH_TOKEN} …)
   * @param forced {@code auto} (or null), {@code external}, {@code localstack} or {@code moto}
   */
  public static AwsEmulator start(Map<String, String> env, String forced) {
    EmulatorSelection.Decision decision =
        EmulatorSelection.decide(env, forced, DockerAvailability.instance());
    long started = System.nanoTime();
    AwsEmulator emulator =
        switch (decision.kind()) {
          case EXTERNAL -> ExternalEmulator.fromEnvironment(env);
          case LOCALSTACK_CONTAINER ->
              LocalStackContainerEmulator.start(
                  env, System.getProperty(LocalStackContainerEmulator.IMAGE_PROPERTY));
          case MOTO_PROCESS -> MotoServerEmulator.start(venv(env), logDir());
        };
    LOG.info(
        "AWS emulator: {} — chosen because {} (ready in {} ms)",
        emulator.description(),
        decision.reason(),
        (System.nanoTime() - started) / 1_000_000);
    return emulator;
  }

  /** Starts a moto process regardless of what else is available. */
  public static AwsEmulator startMoto() {
    return MotoServerEmulator.start(venv(System.getenv()), logDir());
  }

  /** Starts a LocalStack container regardless of what else is available. */
  public static AwsEmulator startLocalStack() {
    return LocalStackContainerEmulator.start(
        System.getenv(), System.getProperty(LocalStackContainerEmulator.IMAGE_PROPERTY));
  }

  static Path venv(Map<String, String> env) {
    String property = System.getProperty(VENV_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String variable = env.get("PROBEFLEET_VENV");
    if (variable != null && !variable.isBlank()) {
      return Path.of(variable);
    }
    String root = System.getProperty("probefleet.root");
    return root != null ? Path.of(root, ".venv") : Path.of(".venv").toAbsolutePath();
  }

  private static Path logDir() {
    String dir = System.getProperty("probefleet.emulator.logDir");
    return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
