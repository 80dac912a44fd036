package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.ResponseHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vendors that cannot run here (CDNs, cloud load balancers, Envoy, Traefik, Kong, IIS, Heroku):
 * fixtures hand-written from their documentation, under {@code src/test/resources/documented/} (see
 * its README), each with the generator, hops and meaning it must give.
 */
class DocumentedFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Fingerprinter fingerprinter = Fingerprinter.defaults();

  record Fixture(String name, String text, JsonNode expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Fixture> fixtures() throws IOException {
    List<Fixture> fixtures = new ArrayList<>();
    for (String name : resource("documented/index.txt").split("\n")) {
      if (name.isBlank()) {
        continue;
      }
      String text = resource("documented/" + name.strip() + ".json");
      fixtures.add(new Fixture(name.strip(), text, JSON.readTree(text).get("expect")));
    }
    return fixtures.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void documentedPageGivesItsGeneratorHopsAndMeaning(Fixture fixture) {
    Fingerprint f =
        fingerprinter.fingerprint(ResponseDocuments.read(fixture.text(), fixture.name()));

    assertThat(f.generator()).isEqualTo(fixture.expect().get("generator").asText());
    List<String> hops = new ArrayList<>();
    fixture.expect().get("passed_through").forEach(h -> hops.add(h.asText()));
    assertThat(f.passedThrough()).isEqualTo(hops);
    assertThat(f.meaning()).contains(fixture.expect().get("meaning_contains").asText());
    assertThat(f.score()).isBetween(fingerprinter.threshold(), 1.0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "520 | Web server is returning an unknown error",
        "521 | Web server is down",
        "522 | Connection timed out",
        "523 | Origin is unreachable",
        "524 | A timeout occurred",
        "525 | SSL handshake failed",
        "526 | Invalid SSL certificate"
      })
  void cloudflareOriginErrorCodesMeanWhatCloudflareDocuments(int status, String title) {
    CapturedResponse headersOnly =
        new CapturedResponse(
            "HTTP/1.1",
            status,
            "",
            new ResponseHeaders(
                List.of(
                    new ResponseHeaders.Field("Server", "cloudflare"),
                    new ResponseHeaders.Field("CF-RAY", "8a1b2c3d4e5f6789-FRA"),
                    new ResponseHeaders.Field("Content-Type", "text/html; charset=UTF-8"))),
            new byte[0],
            0,
            true);

    Fingerprint f = fingerprinter.fingerprint(headersOnly);

    assertThat(f.generator()).isEqualTo("cloudflare");
    assertThat(f.role()).isEqualTo(Fingerprint.Role.CDN);
    assertThat(f.meaning()).startsWith("Cloudflare " + status + " \"" + title + "\"");
    assertThat(f.signals()).extracting(Fingerprint.Signal::id).contains("cloudflare.status-52x");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DocumentedFixturesTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
