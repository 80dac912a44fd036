package dev.probefleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.AddressRange;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.HeaderValue.Secret.Source;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Target;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The files under {@code src/test/resources/valid}, loaded with their defaults applied. */
class ValidTargetsFilesTest {

  private static final Path DIR = TestFiles.resources("valid");

  /** DESIGN §3's example, copied verbatim, yields exactly the targets it describes. */
  @Test
  void theDesignExampleLoadsExactlyAsWritten() {
    TargetsConfig config = load("design-example.yaml");

    Target expected =
        new Target(
            "shop",
            new RequestSpec("GET", Map.of("Accept", new HeaderValue.Literal("text/html"))),
            new ExpectSpec(List.of(200), Optional.of("ok")),
            new BurstSpec(1),
            Optional.of(
                PathSpec.of(PathKind.CDN, 0, URI.create("https://shop.example.com/health"))),
            Optional.of(
                path(
                    PathKind.LB,
                    0,
                    "https://my-alb.elb.amazonaws.com/health",
                    Optional.of("shop.example.com"),
                    List.of())),
            List.of(
                path(
                    PathKind.ORIGIN,
                    0,
                    "http://10.0.1.23:8080/health",
                    Optional.of("shop.example.com"),
                    List.of("us-east-1"))));
    assertThat(config.targets()).containsExactly(expected);
    assertThat(config.source()).isEqualTo(DIR.resolve("design-example.yaml").toString());
    assertThat(config.fingerprintRules()).isEmpty();
    assertThat(config.target("shop")).contains(expected);
  }

  @Test
  void storeBodiesIsReadPerTargetAndDefaultsToTrue() {
    TargetsConfig config = load("store-bodies.yaml");
    assertThat(config.targets()).extracting(Target::storeBodies).containsExactly(false, true);
    assertThat(load("defaults.yaml").targets().get(0).storeBodies()).isTrue();
  }

  @Test
  void aTargetWithOnlyANameAndAPathGetsEveryDefault() {
    Target target = load("defaults.yaml").targets().get(0);

    assertThat(target)
        .isEqualTo(
            new Target(
                "minimal",
                RequestSpec.DEFAULT,
                ExpectSpec.DEFAULT,
                BurstSpec.SINGLE,
                Optional.of(
                    PathSpec.of(PathKind.CDN, 0, URI.create("https://minimal.example.com/"))),
                Optional.empty(),
                List.of()));
    assertThat(target.request().method()).isEqualTo("GET");
    assertThat(target.expect().accepts(200)).isTrue();
    assertThat(target.expect().accepts(302)).isTrue();
    assertThat(target.expect().accepts(404)).isFalse();
    assertThat(target.burst().requests()).isEqualTo(1);
  }

  @Test
  void originIsOnePathOrAListAndBothGiveAListOfInstances() {
    TargetsConfig config = load("origin-forms.yaml");

    assertThat(config.target("single-origin").orElseThrow().origins())
        .containsExactly(
            PathSpec.of(PathKind.ORIGIN, 0, URI.create("http://10.0.1.23:8080/health")));
    assertThat(config.target("origin-list").orElseThrow().origins())
        .containsExactly(
            PathSpec.of(PathKind.ORIGIN, 0, URI.create("http://10.0.1.23:8080/health")),
            path(
                PathKind.ORIGIN,
                1,
                "http://10.0.1.24:8080/health",
                Optional.of("shop.example.com"),
                List.of()));
    assertThat(config.targets())
        .extracting(Target::name)
        .containsExactly("single-origin", "origin-list");
  }

  @Test
  void timeoutsAreReadWithTheirUnits() {
    Target target = load("durations.yaml").targets().get(0);

    assertThat(target.paths())
        .extracting(p -> p.timeout().orElseThrow())
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(10),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5));
  }

  @Test
  void headersKeepTheirOrderAndSecretReferencesStayReferences() {
    Target target = load("headers.yaml").targets().get(0);

    Map<String, HeaderValue> expected = new LinkedHashMap<>();
    expected.put("Accept", new HeaderValue.Literal("application/json"));
    expected.put("Authorization", new HeaderValue.Secret(Source.SSM, "/probefleet/api/token"));
    expected.put("X-Api-Key", new HeaderValue.Secret(Source.SECRETS_MANAGER, "prod/api-key"));
    expected.put("X-Tenant", new HeaderValue.Secret(Source.ENV, "PROBE_TENANT"));
    expected.put("X-Empty", new HeaderValue.Literal(""));
    expected.put("X-Version", new HeaderValue.Literal("1.10"));
    assertThat(target.request().method()).isEqualTo("POST");
    assertThat(target.request().headers()).containsExactlyEntriesOf(expected);
    assertThat(target.lb().orElseThrow().headers())
        .containsExactly(
            Map.entry("accept", new HeaderValue.Literal("text/plain")),
            Map.entry("X-Bypass-Cache", new HeaderValue.Literal("true")));
    assertThat(target.cdn().orElseThrow().headers()).isEmpty();
  }

  @Test
  void hostSniResolveAddressesAndRegionsAreReadAsWritten() throws Exception {
    Target target = load("network.yaml").targets().get(0);

    assertThat(target.expect()).isEqualTo(new ExpectSpec(List.of(204), Optional.of("healthy")));
    assertThat(target.burst().requests()).isEqualTo(100);

    PathSpec cdn = target.cdn().orElseThrow();
    assertThat(cdn.url()).isEqualTo(URI.create("https://shop.example.com/health?deep=1"));
    assertThat(cdn.requestTarget()).isEqualTo("/health?deep=1");
    assertThat(cdn.expectAddresses())
        .containsExactly(
            AddressRange.parse("192.0.2.10"),
            AddressRange.parse("198.51.100.0/24"),
            AddressRange.parse("2001:db8::/32"));
    assertThat(cdn.expectAddresses().get(1).contains(InetAddress.getByName("198.51.100.7")))
        .isTrue();
    assertThat(cdn.probeFrom())
        .containsExactly(
            "us-east-1", "eu-central-1", "us-gov-west-1", "cn-north-1", "ap-southeast-2", "local");

    PathSpec lb = target.lb().orElseThrow();
    assertThat(lb.host()).contains("shop.example.com:8443");
    assertThat(lb.sni()).contains("shop.example.com");
    assertThat(lb.effectiveSni()).isEqualTo("shop.example.com");
    assertThat(lb.resolve()).contains(InetAddress.getByName("10.0.0.5"));
    assertThat(lb.insecure()).isTrue();
    assertThat(lb.probeFrom()).isEmpty();
    assertThat(lb.probedFrom("ap-northeast-1")).isTrue();

    PathSpec origin = target.origins().get(0);
    assertThat(origin.urlHost()).isEqualTo("2001:db8::23");
    assertThat(origin.port()).isEqualTo(8080);
    assertThat(origin.host()).contains("[2001:db8::23]:8080");
    assertThat(origin.resolve()).contains(InetAddress.getByName("2001:db8::23"));
    assertThat(origin.insecure()).isFalse();
  }

  @Test
  void anchorsAliasesAndMergeKeysShareSettings() {
    TargetsConfig config = load("anchors.yaml");

    Target shop = config.target("shop").orElseThrow();
    Target canary = config.target("shop-canary").orElseThrow();
    assertThat(canary.request()).isEqualTo(shop.request());
    assertThat(canary.request().headers())
        .containsExactly(
            Map.entry("Authorization", new HeaderValue.Secret(Source.SSM, "/probefleet/token")));
    PathSpec merged = canary.origins().get(0);
    assertThat(merged.url()).isEqualTo(URI.create("http://10.0.1.99:8080/health"));
    assertThat(merged.host()).contains("shop.example.com");
    assertThat(merged.timeout()).contains(Duration.ofSeconds(5));
    assertThat(shop.origins().get(0).url()).isEqualTo(URI.create("http://10.0.1.23:8080/health"));
  }

  private static TargetsConfig load(String file) {
    return TargetsLoader.load(DIR.resolve(file));
  }

  private static PathSpec path(
      PathKind kind, int instance, String url, Optional<String> host, List<String> probeFrom) {
    return new PathSpec(
        kind,
        instance,
        URI.create(url),
        host,
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Map.of(),
        probeFrom);
  }
}
