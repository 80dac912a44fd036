package dev.probefleet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document in the repository ({@code functions/api/openapi.yml}, what API clients and
 * reviewers read) is the one the build generates from the controllers, so it cannot drift from what
 * the API does.
 */
class OpenApiDocumentTest {
  private static final String GENERATED = "META-INF/swagger/probefleet-api.yml";
  private static final String REFRESH =
      "cp functions/api/target/classes/" + GENERATED + " functions/api/openapi.yml";

  @Test
  void theCommittedDocumentIsTheGeneratedOne() throws IOException {
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(GENERATED)) {
      assertThat(in)
          .as(GENERATED + " on the classpath (the micronaut-openapi processor)")
          .isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path committed = Path.of(System.getProperty("probefleet.api.openapi", "openapi.yml"));
    if (!Files.exists(committed)) {
      fail(committed + " is missing; after a build, create it with: " + REFRESH);
    }
    List<String> expected = Files.readAllLines(committed, StandardCharsets.UTF_8);
    List<String> actual = generated.lines().toList();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String was = i < expected.size() ? expected.get(i) : "<end of file>";
      String is = i < actual.size() ? actual.get(i) : "<end of file>";
      if (!was.equals(is)) {
        fail(
            "functions/api/openapi.yml differs from the document generated from the controllers"
                + " at line "
                + (i + 1)
                + ":\n  committed: "
                + was
                + "\n  generated: "
                + is
                + "\nIf the API change is intended, refresh the copy after a build and commit it:\n  "
                + REFRESH);
      }
    }
  }
}
