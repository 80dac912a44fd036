package dev.probefleet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.localstack.AwsEmulator.Kind;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmulatorSelectionTest {
  private static final EmulatorSelection.DockerProbe DOCKER = Optional::empty;
  private static final EmulatorSelection.DockerProbe NO_DOCKER =
      () -> Optional.of("no Docker engine is reachable");
  private static final Map<String, String> ENDPOINT =
      Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");

  @Test
  void anEndpointInTheEnvironmentWinsOverDocker() {
    var decision = EmulatorSelection.decide(ENDPOINT, null, DOCKER);
    assertThat(decision.kind()).isEqualTo(Kind.EXTERNAL);
    assertThat(decision.reason()).isEqualTo("AWS_ENDPOINT_URL is set");
  }

  @Test
  void dockerMeansLocalStack() {
    assertThat(EmulatorSelection.decide(Map.of(), "auto", DOCKER).kind())
        .isEqualTo(Kind.LOCALSTACK_CONTAINER);
  }

  @Test
  void withoutDockerTheMotoProcessRunsAndTheReasonSaysWhy() {
    var decision = EmulatorSelection.decide(Map.of("AWS_ENDPOINT_URL", " "), null, NO_DOCKER);
    assertThat(decision.kind()).isEqualTo(Kind.MOTO_PROCESS);
    assertThat(decision.reason())
        .isEqualTo("AWS_ENDPOINT_URL is unset and no Docker engine is reachable");
  }

  @Test
  void motoCanBeForcedWhereDockerExists() {
    assertThat(EmulatorSelection.decide(ENDPOINT, "MOTO", DOCKER).kind())
        .isEqualTo(Kind.MOTO_PROCESS);
  }

  @Test
  void forcingLocalStackWithoutDockerFailsWithTheReason() {
    assertThatThrownBy(() -> EmulatorSelection.decide(Map.of(), "localstack", NO_DOCKER))
        .isInstanceOf(EmulatorUnavailableException.class)
        .hasMessage(
            "probefleet.emulator=localstack needs a Docker engine, but no Docker engine is"
                + " reachable");
  }

  @Test
  void forcingExternalWithoutAnEndpointFails() {
    assertThatThrownBy(() -> EmulatorSelection.decide(Map.of(), "external", DOCKER))
        .isInstanceOf(EmulatorUnavailableException.class)
        .hasMessage("probefleet.emulator=external needs AWS_ENDPOINT_URL to be set");
  }

  @Test
  void anUnknownChoiceIsNamed() {
    assertThatThrownBy(() -> EmulatorSelection.decide(Map.of(), "kinesalite", DOCKER))
        .isInstanceOf(EmulatorUnavailableException.class)
        .hasMessage(
            "probefleet.emulator='kinesalite' is not one of auto, external, localstack, moto");
  }

  @Test
  void theExternalEndpointTakesRegionAndCredentialsFromTheEnvironment() {
    var external =
        ExternalEmulator.fromEnvironment(
            Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_REGION", "eu-west-1"));
    assertThat(external.endpoint()).hasToString("http://127.0.0.1:4566");
    assertThat(external.region().id()).isEqualTo("eu-west-1");
    assertThat(external.credentials().resolveCredentials().accessKeyId()).isEqualTo("test");
  }

  @Test
  void anEndpointThatIsNotAUrlIsRefusedWithTheValue() {
    assertThatThrownBy(
            () -> ExternalEmulator.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "localhost:4566")))
        .isInstanceOf(EmulatorUnavailableException.class)
        .hasMessageContaining("AWS_ENDPOINT_URL='localhost:4566'")
        .hasMessageContaining("http://127.0.0.1:4566");
  }

  @Test
  void theLocalStackImageIsPinnedAndOverridable() {
    assertThat(LocalStackContainerEmulator.image(Map.of(), null))
        .isEqualTo("localstack/localstack:4.14");
    assertThat(
            LocalStackContainerEmulator.image(
                Map.of("PROBEFLEET_LOCALSTACK_IMAGE", "localstack/localstack-pro:4.14"), null))
        .isEqualTo("localstack/localstack-pro:4.14");
    assertThat(LocalStackContainerEmulator.image(Map.of(), "my/localstack:1"))
        .isEqualTo("my/localstack:1");
  }
}
