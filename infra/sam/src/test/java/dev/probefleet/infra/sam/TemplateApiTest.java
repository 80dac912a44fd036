package dev.probefleet.infra.sam;

import static dev.probefleet.infra.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The query API behind API Gateway: an HTTP API whose every route requires IAM (SigV4)
 * authorization and goes to the API function, with exactly the routes the controllers serve (the
 * OpenAPI document generated from them at compile time, {@code functions/api/openapi.yml}), so a
 * new endpoint cannot be left unreachable, nor a removed one left routed.
 */
class TemplateApiTest {
  private final SamTemplate template = SamTemplate.load();

  @Test
  void theHttpApiAuthorizesEveryRouteWithIam() {
    Map<String, Object> auth = map(template.properties("QueryApi").get("Auth"), "QueryApi.Auth");

    assertThat(template.type("QueryApi")).isEqualTo("AWS::Serverless::HttpApi");
    assertThat(auth)
        .containsEntry("EnableIamAuthorizer", true)
        .containsEntry("DefaultAuthorizer", "AWS_IAM");
    assertThat(template.ofType("AWS::Serverless::HttpApi")).hasSize(1);
    assertThat(template.ofType("AWS::Serverless::Api")).isEmpty();
    apiEvents()
        .forEach(
            (name, properties) -> {
              assertThat(properties.get("ApiId")).as(name).isEqualTo(Map.of("Ref", "QueryApi"));
              assertThat(properties.get("Auth"))
                  .as("%s names its authorizer, whatever the default", name)
                  .isEqualTo(Map.of("Authorizer", "AWS_IAM"));
            });
  }

  @Test
  void theRoutesAreThoseTheControllersServe() throws IOException {
    TreeSet<String> routed = new TreeSet<>();
    apiEvents().values().forEach(p -> routed.add(p.get("Method") + " " + p.get("Path")));

    TreeSet<String> served = new TreeSet<>();
    map(openApi().get("paths"), "paths")
        .forEach(
            (path, operations) ->
                map(operations, path)
                    .keySet()
                    .forEach(method -> served.add(method.toUpperCase() + " " + path)));

    assertThat(served).isNotEmpty();
    assertThat(routed).isEqualTo(served);
  }

  @Test
  void noOtherFunctionIsReachableOverHttp() {
    for (String id : template.ofType("AWS::Serverless::Function").keySet()) {
      if (id.equals("ApiFunction")) {
        continue;
      }
      Map<String, Object> events =
          map(template.function(id).getOrDefault("Events", Map.of()), id + ".Events");
      assertThat(events).as(id).isEmpty();
    }
  }

  private Map<String, Map<String, Object>> apiEvents() {
    Map<String, Object> events = map(template.function("ApiFunction").get("Events"), "Events");
    Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
    events.forEach(
        (name, event) -> {
          Map<String, Object> e = map(event, name);
          assertThat(e.get("Type")).as(name).isEqualTo("HttpApi");
          out.put(name, map(e.get("Properties"), name + ".Properties"));
        });
    return out;
  }

  private static Map<String, Object> openApi() throws IOException {
    Path file = Path.of(System.getProperty("probefleet.root"), "functions/api/openapi.yml");
    try (Reader reader = Files.newBufferedReader(file)) {
      return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader), file.toString());
    }
  }
}
