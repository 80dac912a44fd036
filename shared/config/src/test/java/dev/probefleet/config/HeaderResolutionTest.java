package dev.probefleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.Target;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Merging a target's headers with a path's and resolving secret references, never showing one. */
class HeaderResolutionTest {

  private static final String SECRET_VALUE = "s3cr3t-Bearer-value";

  private static final Target SHOP =
      TargetsLoader.parse(
              """
              targets:
                - name: shop
                  request:
                    headers:
                      Accept: text/html
                      X-Tenant: shop
                      Authorization: {env: SHOP_TOKEN}
                  paths:
                    cdn: {url: "https://shop.example.com/health"}
                    lb:
                      url: "https://my-alb.elb.amazonaws.com/health"
                      headers:
                        accept: application/json
                        X-Bypass: "1"
                    origin:
                      - url: "http://10.0.1.23:8080/health"
                      - url: "http://10.0.1.24:8080/health"
                        headers:
                          authorization: {secret: "ssm:/shop/origin-token"}
                          X-Key: {secret: "secretsmanager:shop/key"}
              """,
              "headers.yaml",
              Path.of("."))
          .targets()
          .get(0);

  private static final SecretResolver ENVIRONMENT =
      new EnvironmentSecretResolver(Map.of("SHOP_TOKEN", SECRET_VALUE, "OTHER", "unrelated"));

  @Test
  void pathHeadersReplaceTheTargetsInPlaceWithoutRegardToCaseAndNewOnesFollow() {
    Map<String, HeaderValue> merged = HeaderResolution.merged(SHOP, SHOP.lb().orElseThrow());

    assertThat(merged)
        .containsExactly(
            Map.entry("accept", new HeaderValue.Literal("application/json")),
            Map.entry("X-Tenant", new HeaderValue.Literal("shop")),
            Map.entry(
                "Authorization",
                new HeaderValue.Secret(HeaderValue.Secret.Source.ENV, "SHOP_TOKEN")),
            Map.entry("X-Bypass", new HeaderValue.Literal("1")));
  }

  @Test
  void aPathWithoutHeadersSendsTheTargetsWithEnvironmentSecretsResolved() {
    ResolvedHeaders headers = HeaderResolution.resolve(SHOP, SHOP.cdn().orElseThrow(), ENVIRONMENT);

    assertThat(headers.headers())
        .containsExactly(
            new ResolvedHeaders.Header("Accept", "text/html", Optional.empty()),
            new ResolvedHeaders.Header("X-Tenant", "shop", Optional.empty()),
            new ResolvedHeaders.Header(
                "Authorization", SECRET_VALUE, Optional.of("env:SHOP_TOKEN")));
    assertThat(headers.value("authorization")).contains(SECRET_VALUE);
    assertThat(headers.value("X-Missing")).isEmpty();
  }

  @Test
  void resolvedSecretsNeverShowInToString() {
    ResolvedHeaders headers = HeaderResolution.resolve(SHOP, SHOP.cdn().orElseThrow(), ENVIRONMENT);

    assertThat(headers.toString())
        .isEqualTo(
            "ResolvedHeaders[Accept: text/html, X-Tenant: shop, Authorization: <secret"
                + " env:SHOP_TOKEN>]")
        .doesNotContain(SECRET_VALUE);
    assertThat(headers.headers().get(2).toString()).doesNotContain(SECRET_VALUE);
    assertThat(ENVIRONMENT.toString())
        .isEqualTo("EnvironmentSecretResolver[2 variables]")
        .doesNotContain(SECRET_VALUE);
  }

  @Test
  void anSsmReferenceIsUnavailableWithoutTheAwsResolverAndTheErrorSaysWhere() {
    PathSpec origin = SHOP.origins().get(1);

    SecretUnavailableException e =
        unavailable(() -> HeaderResolution.resolve(SHOP, origin, ENVIRONMENT));

    assertThat(e)
        .hasMessage(
            "target shop, path origin[1], header authorization: secret ssm:/shop/origin-token is"
                + " unavailable: SSM Parameter Store references need the AWS parameter resolver,"
                + " which is not configured here (only {env: …} references are)");
    assertThat(e.reference()).isEqualTo("ssm:/shop/origin-token");
    assertThat(e.target()).contains("shop");
    assertThat(e.path()).contains("origin[1]");
    assertThat(e.header()).contains("authorization");
  }

  @Test
  void aSecretsManagerReferenceIsUnavailableWithoutTheAwsResolver() {
    HeaderValue.Secret key =
        new HeaderValue.Secret(HeaderValue.Secret.Source.SECRETS_MANAGER, "shop/key");

    SecretUnavailableException e = unavailable(() -> ENVIRONMENT.resolve(key));

    assertThat(e)
        .hasMessage(
            "secret secretsmanager:shop/key is unavailable: Secrets Manager references need the"
                + " AWS secrets resolver, which is not configured here (only {env: …} references"
                + " are)");
    assertThat(e.target()).isEmpty();
  }

  @Test
  void anUnsetOrEmptyEnvironmentVariableIsUnavailable() {
    PathSpec cdn = SHOP.cdn().orElseThrow();

    assertThat(
            unavailable(
                () -> HeaderResolution.resolve(SHOP, cdn, new EnvironmentSecretResolver(Map.of()))))
        .hasMessage(
            "target shop, path cdn, header Authorization: secret env:SHOP_TOKEN is unavailable:"
                + " environment variable SHOP_TOKEN is not set");
    assertThat(
            unavailable(
                () ->
                    HeaderResolution.resolve(
                        SHOP, cdn, new EnvironmentSecretResolver(Map.of("SHOP_TOKEN", "")))))
        .hasMessage(
            "target shop, path cdn, header Authorization: secret env:SHOP_TOKEN is unavailable:"
                + " environment variable SHOP_TOKEN is set but empty");
  }

  @Test
  void aSecretThatWouldInjectAHeaderIsRefusedWithoutShowingIt() {
    String injected = "token\r\nX-Injected: " + SECRET_VALUE;
    SecretResolver resolver = new EnvironmentSecretResolver(Map.of("SHOP_TOKEN", injected));

    SecretUnavailableException e =
        unavailable(() -> HeaderResolution.resolve(SHOP, SHOP.cdn().orElseThrow(), resolver));

    assertThat(e)
        .hasMessage(
            "target shop, path cdn, header Authorization: secret env:SHOP_TOKEN is unavailable:"
                + " its value cannot be sent as a header value (it contains a line break, a"
                + " control character or a non-ASCII character at position 6)");
    assertThat(e.getMessage()).doesNotContain(SECRET_VALUE, "token\r");
  }

  @Test
  void aResolverThatReturnsNothingIsReportedRatherThanSendingAnEmptyHeader() {
    SecretResolver broken = secret -> null;

    assertThat(unavailable(() -> HeaderResolution.resolve(SHOP, SHOP.cdn().orElseThrow(), broken)))
        .hasMessage(
            "target shop, path cdn, header Authorization: secret env:SHOP_TOKEN is unavailable:"
                + " the resolver returned no value");
  }

  @Test
  void aResolverErrorKeepsItsCauseWhenTheLocationIsAdded() {
    IllegalStateException cause = new IllegalStateException("throttled");
    SecretResolver failing =
        secret -> {
          throw new SecretUnavailableException(secret, "the parameter store throttled us", cause);
        };

    SecretUnavailableException e =
        unavailable(() -> HeaderResolution.resolve(SHOP, SHOP.cdn().orElseThrow(), failing));

    assertThat(e).hasCause(cause);
    assertThat(e.reason()).isEqualTo("the parameter store throttled us");
    assertThat(e.header()).contains("Authorization");
  }

  private static SecretUnavailableException unavailable(Runnable action) {
    Throwable thrown = catchThrowable(action::run);
    assertThat(thrown).isInstanceOf(SecretUnavailableException.class);
    return (SecretUnavailableException) thrown;
  }
}
