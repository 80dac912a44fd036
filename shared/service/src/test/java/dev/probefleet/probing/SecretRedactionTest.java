package dev.probefleet.probing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.config.EnvironmentSecretResolver;
import dev.probefleet.config.ResolvedHeaders;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.ResponseHeaders;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.probe.ProbeClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scrubbing of reflected secrets where responses become evidence, against a real loopback
 * endpoint that echoes the request's headers in its 502 page (as is, HTML-escaped, URL-encoded,
 * JSON-escaped, base64, and a Basic credential decoded). The same round with scrubbing switched off
 * through the prober's package-private seam shows the search would see each leak.
 */
class SecretRedactionTest {
  private static final String KEY_CORE = "k9Q2x7Lm4Rt8Vw1Zp3";
  private static final String TOKEN_CORE = "T0k3nA9b8C7d6E5f4G";
  private static final String PASSWORD_CORE = "Pw5s7Yh2Jd9Kq4Mn6B";
  private static final String KEY = "pf-key-" + KEY_CORE;
  private static final String TOKEN = "tok/" + TOKEN_CORE + "+a=b&\"q'<x>";
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  ("probe-user:pw/" + PASSWORD_CORE + "+").getBytes(StandardCharsets.UTF_8));
  private static final String CANARY = "canary-literal-" + "Cn4ry7Lit3ral0Xy";

  private final FaultHttpServer endpoint = FaultHttpServer.start();

  SecretRedactionTest() {
    endpoint.dispatch(HeaderReflection::reflect);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private LeakSearch search() {
    return new LeakSearch()
        .secret("env", KEY, KEY_CORE)
        .secret("secretsmanager", TOKEN, TOKEN_CORE)
        .secret("ssm", BASIC, PASSWORD_CORE);
  }

  private Target target(boolean storeBodies) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put("X-Api-Key", new HeaderValue.Secret(HeaderValue.Secret.Source.ENV, "KEY"));
    headers.put("X-Session", new HeaderValue.Secret(HeaderValue.Secret.Source.ENV, "TOKEN"));
    headers.put("Authorization", new HeaderValue.Secret(HeaderValue.Secret.Source.ENV, "BASIC"));
    headers.put("X-Canary", new HeaderValue.Literal(CANARY));
    PathSpec lb = PathSpec.of(PathKind.LB, 0, endpoint.url("/health"));
    PathSpec origin = PathSpec.of(PathKind.ORIGIN, 0, endpoint.url("/health"));
    return new Target(
        "shop",
        new RequestSpec("GET", headers),
        ExpectSpec.DEFAULT,
        new BurstSpec(2),
        Optional.empty(),
        Optional.of(lb),
        List.of(origin),
        storeBodies);
  }

  private List<PathObservation> probe(boolean redacting, boolean storeBodies) {
    RoundProber prober =
        new RoundProber(
            ProbeClient.builder().build(),
            new EnvironmentSecretResolver(Map.of("KEY", KEY, "TOKEN", TOKEN, "BASIC", BASIC)),
            Fingerprinter.defaults(),
            Clock.systemUTC(),
            redacting);
    ProbedRound round =
        prober.probe(
            List.of(target(storeBodies)),
            "local",
            RoundSlot.containing(Instant.now(), Duration.ofMinutes(1)),
            Instant.now().plusSeconds(10));
    List<PathObservation> observations = round.records().get(0).observations();
    assertThat(observations).hasSize(2);
    assertThat(observations)
        .allSatisfy(o -> assertThat(o.representative().status()).isEqualTo(502));
    return observations;
  }

  /** Everything a sample carries that came from the endpoint, as bytes to search. */
  static byte[] evidence(List<PathObservation> observations) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (PathObservation o : observations) {
      o.fingerprint().ifPresent(f -> out.writeBytes(f.toString().getBytes(StandardCharsets.UTF_8)));
      for (ProbeResult r : o.samples()) {
        out.writeBytes((r.detail() + "\n" + r.correlation() + "\n" + r.location()).getBytes());
        r.response()
            .ifPresent(
                resp -> {
                  out.writeBytes((resp.reason() + "\n").getBytes(StandardCharsets.UTF_8));
                  resp.headers()
                      .fields()
                      .forEach(
                          f ->
                              out.writeBytes(
                                  (f.name() + ": " + f.value() + "\n")
                                      .getBytes(StandardCharsets.UTF_8)));
                  out.writeBytes(resp.body());
                });
      }
    }
    return out.toByteArray();
  }

  @Test
  void withoutScrubbingTheReflectedPageCarriesEverySecretInEveryForm() {
    LeakSearch search = search();
    LeakSearch.Place place = search.search("evidence, scrubbing off", evidence(probe(false, true)));
    System.out.println(search.ledger());
    assertThat(place.hits())
        .as("the raw value, its URL-encoded and credential forms, and each core")
        .containsKeys(
            "env:core",
            "env:value",
            "secretsmanager:core",
            "secretsmanager:value",
            "secretsmanager:url",
            "secretsmanager:base64",
            "ssm:core",
            "ssm:value",
            "ssm:credential");
  }

  @Test
  void scrubbedEvidenceKeepsThePageButNoSecretInAnyForm() {
    List<PathObservation> observations = probe(true, true);
    LeakSearch search = search();
    LeakSearch.Place place = search.search("evidence, scrubbed", evidence(observations));
    System.out.println(search.ledger());
    assertThat(place.bytes()).isGreaterThan(2_000);
    assertThat(place.hits()).isEmpty();
    String text = new String(evidence(observations), StandardCharsets.UTF_8);
    assertThat(text)
        .as("the page is still evidence: its literal headers and wording stay")
        .contains(CANARY, "Bad Gateway", SecretRedaction.MARKER);
    CapturedResponse response = observations.get(0).representative().response().orElseThrow();
    assertThat(response.bodyComplete()).isTrue();
    assertThat(response.bodyCaptureTruncated())
        .as("length seen follows the scrubbed body")
        .isFalse();
    assertThat(observations.get(0).representative().failureClass())
        .isEqualTo(FailureClass.HTTP_5XX);
  }

  @Test
  void aTargetThatStoresNoBodiesKeepsStatusLineHeadersAndFingerprint() {
    List<PathObservation> observations = probe(true, false);
    for (PathObservation o : observations) {
      assertThat(o.fingerprint()).isPresent();
      for (ProbeResult r : o.samples()) {
        CapturedResponse response = r.response().orElseThrow();
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.headers().first("Content-Type")).isPresent();
        assertThat(response.body()).isEmpty();
        assertThat(response.bodyBytes()).as("how much there was is kept").isGreaterThan(1_000);
      }
    }
  }

  @Test
  void scrubsEachFormAndLeavesOtherText() {
    SecretRedaction redaction =
        SecretRedaction.of(
            List.of(
                new ResolvedHeaders(
                    List.of(
                        new ResolvedHeaders.Header("Authorization", BASIC, Optional.of("ssm:/a")),
                        new ResolvedHeaders.Header("X-Session", TOKEN, Optional.of("env:T")),
                        new ResolvedHeaders.Header("Accept", "text/html", Optional.empty())))));
    String decoded =
        new String(Base64.getDecoder().decode(BASIC.substring(6)), StandardCharsets.UTF_8);
    for (String form :
        List.of(
            BASIC,
            BASIC.substring(6),
            decoded,
            decoded.substring(decoded.indexOf(':') + 1),
            TOKEN,
            java.net.URLEncoder.encode(TOKEN, StandardCharsets.UTF_8),
            HeaderReflection.html(TOKEN),
            HeaderReflection.jsonEscaped(TOKEN),
            HeaderReflection.html(HeaderReflection.jsonEscaped(TOKEN)),
            Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))) {
      assertThat(redaction.scrub("before " + form + " after"))
          .as(form)
          .isEqualTo("before [redacted] after");
    }
    assertThat(redaction.scrub("Accept: text/html; probe-user"))
        .as("literal headers and the user name are not secrets")
        .isEqualTo("Accept: text/html; probe-user");
    assertThat(redaction.toString()).doesNotContain(TOKEN_CORE);
  }

  @Test
  void aSecretCutByTheCaptureLimitIsScrubbedToo() {
    SecretRedaction redaction =
        SecretRedaction.of(
            List.of(
                new ResolvedHeaders(
                    List.of(new ResolvedHeaders.Header("X-Api-Key", KEY, Optional.of("env:K"))))));
    byte[] cut = ("<p>key: " + KEY.substring(0, 12)).getBytes(StandardCharsets.US_ASCII);
    CapturedResponse response =
        new CapturedResponse(
            "HTTP/1.1", 502, "Bad Gateway", ResponseHeaders.EMPTY, cut, 4_096, true);
    assertThat(redaction.scrub(response).bodyText()).isEqualTo("<p>key: [redacted]");
    CapturedResponse whole =
        new CapturedResponse("HTTP/1.1", 502, "Bad Gateway", ResponseHeaders.EMPTY, cut, 20, true);
    assertThat(redaction.scrub(whole).bodyText())
        .as("a complete capture ends where the page ends: nothing was cut")
        .isEqualTo("<p>key: " + KEY.substring(0, 12));
  }
}
