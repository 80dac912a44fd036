package dev.probefleet.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.util.Map;

/**
 * The query API on Micronaut's Netty server: the same controllers and configuration as {@link
 * ApiFunction}, for a laptop, a container, or a test. Listens on {@code 127.0.0.1:8080} unless
 * {@code micronaut.server.host} / {@code micronaut.server.port} (or {@code MICRONAUT_SERVER_HOST} /
 * {@code MICRONAUT_SERVER_PORT}) say otherwise; port {@code -1} picks a free one.
 *
 * <pre>{@code
 * java -cp functions/api/target/probefleet-api-function.jar:$(cat functions/api/target/api-server.classpath) \
 *     dev.probefleet.api.ApiServer
 * }</pre>
 *
 * <p>The OpenAPI document's title and description are declared here (the processor reads them from
 * a class).
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "probefleet query API",
            version = "1",
            description =
                "The incident history and the fleet's status of a probefleet deployment. Every"
                    + " document has schemaVersion 1 and snake_case keys; keys may be added, never"
                    + " renamed. Errors are application/problem+json naming the parameter at fault."
                    + " Behind API Gateway the API is IAM-authenticated (SigV4)."))
public final class ApiServer {
  private ApiServer() {}

  public static void main(String[] args) {
    start(args);
  }

  /**
   * Starts the server (environment deduction off, as in Lambda) and returns its running context;
   * closing the context stops it.
   *
   * @param args command-line properties such as {@code -micronaut.server.port=9090}
   */
  public static ApplicationContext start(String... args) {
    return Micronaut.build(args)
        .mainClass(ApiServer.class)
        .deduceEnvironment(false)
        .banner(false)
        .start();
  }

  /**
   * Starts the server with properties that take precedence over the environment and {@code
   * application.properties} (a host's flags, a test's settings).
   */
  public static ApplicationContext start(Map<String, Object> properties) {
    return Micronaut.build(new String[0])
        .mainClass(ApiServer.class)
        .deduceEnvironment(false)
        .banner(false)
        .properties(properties)
        .start();
  }
}
