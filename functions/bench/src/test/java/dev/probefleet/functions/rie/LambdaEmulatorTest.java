package dev.probefleet.functions.rie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaEmulatorTest {

  @Test
  void aMissingEmulatorBinaryFailsAndSaysToRunMakeRie(@TempDir Path dir) {
    String before = System.getProperty(LambdaEmulator.RIE_PROPERTY);
    System.setProperty(LambdaEmulator.RIE_PROPERTY, dir.resolve("aws-lambda-rie").toString());
    try {
      assertThatThrownBy(LambdaEmulator::rieBinary)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dir.resolve("aws-lambda-rie").toString())
          .hasMessageContaining("make rie");
    } finally {
      if (before == null) {
        System.clearProperty(LambdaEmulator.RIE_PROPERTY);
      } else {
        System.setProperty(LambdaEmulator.RIE_PROPERTY, before);
      }
    }
  }

  @Test
  void aFunctionErrorIsToldFromAResult() {
    Invocation error =
        new Invocation(
            200,
            "{\"errorMessage\":\"shard: bad\",\"errorType\":\"java.lang.IllegalArgumentException\"}",
            Duration.ofMillis(5));
    assertThat(error.errorType()).contains("java.lang.IllegalArgumentException");
    assertThat(error.errorMessage()).contains("shard: bad");
    assertThat(error.succeeded()).isFalse();
    assertThatThrownBy(error::result).hasMessageContaining("shard: bad");

    Invocation result = new Invocation(200, "{\"complete\":true}", Duration.ofMillis(5));
    assertThat(result.errorType()).isEmpty();
    assertThat(result.result().path("complete").asBoolean()).isTrue();
  }

  @Test
  void lambdaSettingsOutsideLambdasLimitsAreRefused() {
    LambdaEmulator.Builder builder =
        LambdaEmulator.builder(
            new FunctionPackage("x", Path.of("x.zip"), "dev.probefleet.functions.plain.X"));
    assertThatThrownBy(() -> builder.memoryMb(64)).hasMessageContaining("128 to 10240 MB");
    assertThatThrownBy(() -> builder.timeout(Duration.ofMinutes(16)))
        .hasMessageContaining("1 s to 15 min");
  }
}
