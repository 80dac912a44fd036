package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.aws.secrets.AwsSecretResolver;
import dev.probefleet.config.SecretUnavailableException;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.model.HeaderValue.Secret;
import dev.probefleet.model.HeaderValue.Secret.Source;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

@ExtendWith(AwsEmulatorExtension.class)
class AwsSecretResolverIT {

  @Test
  void resolvesEachKindOfReferenceAndNeverShowsAValueInAnError(AwsEmulator emulator) {
    try (SsmClient ssm = emulator.configure(SsmClient.builder()).build();
        SecretsManagerClient sm = emulator.configure(SecretsManagerClient.builder()).build()) {
      ssm.putParameter(
          b ->
              b.name("/probefleet/it/token")
                  .type(ParameterType.SECURE_STRING)
                  .value("s3cr3t-ssm")
                  .overwrite(true));
      sm.createSecret(b -> b.name("probefleet-it-basic").secretString("Basic dXNlcjpwYXNz"));
      var resolver =
          new AwsSecretResolver(
              ssm, sm, Map.of("PROBE_KEY", "from-env"), Duration.ofMinutes(5), Clock.systemUTC());

      assertThat(resolver.resolve(new Secret(Source.SSM, "/probefleet/it/token")))
          .isEqualTo("s3cr3t-ssm");
      assertThat(resolver.resolve(new Secret(Source.SECRETS_MANAGER, "probefleet-it-basic")))
          .isEqualTo("Basic dXNlcjpwYXNz");
      assertThat(resolver.resolve(new Secret(Source.ENV, "PROBE_KEY"))).isEqualTo("from-env");

      // cached: a rotated value is picked up only after the TTL
      ssm.putParameter(
          b ->
              b.name("/probefleet/it/token")
                  .type(ParameterType.SECURE_STRING)
                  .value("rotated")
                  .overwrite(true));
      assertThat(resolver.resolve(new Secret(Source.SSM, "/probefleet/it/token")))
          .isEqualTo("s3cr3t-ssm");
      var fresh = new AwsSecretResolver(ssm, sm, Map.of(), Duration.ZERO, Clock.systemUTC());
      assertThat(fresh.resolve(new Secret(Source.SSM, "/probefleet/it/token")))
          .isEqualTo("rotated");

      assertThatThrownBy(() -> resolver.resolve(new Secret(Source.SSM, "/probefleet/it/missing")))
          .isInstanceOf(SecretUnavailableException.class)
          .hasMessageContaining("ssm:/probefleet/it/missing")
          .hasMessageContaining("no such SSM parameter");
      assertThatThrownBy(() -> resolver.resolve(new Secret(Source.SECRETS_MANAGER, "nope")))
          .isInstanceOf(SecretUnavailableException.class)
          .hasMessageContaining("secretsmanager:nope")
          .hasMessageNotContaining("s3cr3t");
    }
  }
}
