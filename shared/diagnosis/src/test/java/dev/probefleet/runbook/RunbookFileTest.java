package dev.probefleet.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.attribution.Attribution;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.runbook.internal.Checklist;
import dev.probefleet.runbook.internal.Template;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The runbook file as data: the shipped one is complete and well-formed; a bad one is refused. */
class RunbookFileTest {
  private static final String LAYERS =
      Arrays.stream(Layer.values()).map(Layer::name).collect(Collectors.joining(", "));
  private static final String CAUSES =
      Arrays.stream(Cause.values()).map(Cause::name).collect(Collectors.joining(", "));
  private static final String KNOWN =
      "known: layer, look_for, hop.X, below.host, below.ip, below.label, below.name, below.port,"
          + " below.request_id, below.scheme, below.target, below.url, cf_id, cf_ray, this.host,"
          + " this.ip, this.label, this.name, this.port, this.request_id, this.scheme,"
          + " this.target, this.url, trace_id";

  /** Every fixture under invalid/ and the exact message reading it gives. */
  private static final Map<String, String> INVALID = new LinkedHashMap<>();

  static {
    bad("empty", "the file is empty");
    bad(
        "not-yaml",
        "is not valid YAML (line 3, column 10): while parsing a flow sequence\n"
            + " in 'reader', line 2, column 13:\n"
            + "      - layers: [ORIGIN\n"
            + "                ^\n"
            + "expected ',' or ']', but got :\n"
            + " in 'reader', line 3, column 10:\n"
            + "        steps: []\n"
            + "             ^\n");
    bad("top-level-list", "the top level must be a mapping, got a list");
    bad(
        "unknown-top-key",
        "runbook: unknown key; allowed here: layer_names, runbooks, shared_steps");
    bad("no-runbooks", "runbooks: is required");
    bad("layer-name-not-a-layer", "layer_names.EDGE: 'EDGE' is not a layer; use one of " + LAYERS);
    bad("unknown-layer", "runbooks[0], layers: 'EDGE' is not a layer; use one of " + LAYERS);
    bad("unknown-cause", "runbooks[0], causes: 'HTTP_502' is not a cause; use one of " + CAUSES);
    bad(
        "entry-unknown-key",
        "runbooks[0], cause: unknown key; allowed here: causes, layers, steps");
    bad("no-layers", "runbooks[0], layers: is required");
    bad("empty-steps", "runbooks[0] (ORIGIN / default), steps: lists no steps");
    bad(
        "step-without-action",
        "runbooks[0] (ORIGIN / HTTP_5XX, UNKNOWN), steps[0]: a step needs an action (and maybe a"
            + " command), or use");
    bad(
        "action-not-text",
        "runbooks[0] (ORIGIN / default), steps[0].action: must be a string, got a list");
    bad(
        "action-and-use",
        "runbooks[0] (ORIGIN / default), steps[0].action: unknown key; allowed here: hop, layer,"
            + " look_for, use");
    bad(
        "unknown-shared-step",
        "runbooks[0] (ORIGIN / default), steps[0].use: no shared step 'worker' or 'worker@ORIGIN';"
            + " known: workers");
    bad(
        "unknown-placeholder",
        "runbooks[0] (LOAD_BALANCER / UPSTREAM_CONNECT_FAILED), steps[0].command: unknown"
            + " placeholder {below.address} (a literal brace is doubled: {{below.address}}); "
            + KNOWN);
    bad(
        "curl-braces-not-doubled",
        "runbooks[0] (ORIGIN / INTERMITTENT_5XX), steps[0].command: unknown placeholder"
            + " {http_code} (a literal brace is doubled: {{http_code}}); "
            + KNOWN);
    bad(
        "lone-brace",
        "runbooks[0] (ORIGIN / default), steps[0].command: a brace outside a placeholder"
            + " (placeholders are {name} or {this.name}; a literal brace is written {{ or }})");
    bad(
        "hop-missing",
        "runbooks[0] (ORIGIN / default), steps[0] (workers).action: {hop.label} is filled only in a"
            + " shared step, by a use with hop: this or hop: below");
    bad(
        "hop-in-own-step",
        "runbooks[0] (ORIGIN / default), steps[0].action: {hop.label} is filled only in a shared"
            + " step, by a use with hop: this or hop: below");
    bad(
        "hop-not-this-or-below",
        "runbooks[0] (ORIGIN / default), steps[0].hop: must be this or below, got 'above'");
    bad(
        "look-for-unused",
        "runbooks[0] (CDN / default), steps[0].look_for: shared step 'workers' has no {look_for}");
    bad(
        "look-for-missing",
        "runbooks[0] (ORIGIN / default), steps[0] (logs@ORIGIN).action: {look_for} is filled only"
            + " in a shared step, by a use with look_for");
    bad(
        "no-variant-for-layer",
        "runbooks[0] (CDN, LOAD_BALANCER / default), steps[0].use: no shared step 'logs' or"
            + " 'logs@LOAD_BALANCER'; known: logs@CDN");
    bad(
        "layer-without-words",
        "runbooks[0] (CDN, LOAD_BALANCER / default), steps[0].action: {layer}: layer_names has no"
            + " words for LOAD_BALANCER");
    bad("shared-uses-shared", "shared step 'expiring', [0].use: a shared step cannot use another");
    bad(
        "shared-bad-name",
        "shared step 'Renewal', name: must be lower-case words joined by '-', optionally followed"
            + " by @LAYER");
    bad(
        "shared-bad-layer",
        "shared step 'logs@EDGE', name: 'EDGE' is not a layer; use one of " + LAYERS);
    bad(
        "pair-twice",
        "runbooks[1] (LOAD_BALANCER / UNKNOWN), causes: LOAD_BALANCER / UNKNOWN is already covered"
            + " by runbooks[0] (CDN, LOAD_BALANCER / HTTP_5XX, UNKNOWN)");
    bad(
        "repeated-step",
        "runbooks[0] (ORIGIN / default), steps: for ORIGIN step 3 repeats step 1: Renew.");
    bad(
        "layer-without-default",
        "runbooks: no default entry for INCONCLUSIVE (one with layers: [INCONCLUSIVE] and no"
            + " causes), so some of its causes would have no steps");
  }

  private static void bad(String fixture, String problem) {
    INVALID.put(fixture, "invalid/" + fixture + ".yaml: " + problem);
  }

  @Test
  void theShippedFileParsesAndGivesEveryPairSteps() throws IOException {
    Checklist parsed = Checklist.parse("runbook.yaml", resource(Checklist.RESOURCE));
    for (Layer layer : Layer.values()) {
      for (Cause cause : Cause.values()) {
        assertThat(parsed.stepsFor(layer, cause)).as(layer + " / " + cause).isNotEmpty();
        assertThat(parsed.stepsFor(layer, cause))
            .isEqualTo(Checklist.shipped().stepsFor(layer, cause));
      }
    }
  }

  /**
   * The layers where the cause changes what to do have an entry for every cause a verdict can give
   * them; the others (NONE, NETWORK, DNS, INCONCLUSIVE) rely on their default where the cause adds
   * nothing.
   */
  @Test
  void everyPairAVerdictCanProduceAtAHopHasStepsOfItsOwn() {
    List<String> fallingBack = new ArrayList<>();
    Attribution.producible()
        .forEach(
            (layer, causes) -> {
              for (Cause cause : causes) {
                assertThat(Runbook.stepsFor(layer, cause)).as(layer + "/" + cause).isNotEmpty();
                boolean hop =
                    layer == Layer.CDN || layer == Layer.LOAD_BALANCER || layer == Layer.ORIGIN;
                if (hop && !Checklist.shipped().names(layer, cause)) {
                  fallingBack.add(layer + "/" + cause);
                }
              }
            });
    assertThat(fallingBack).isEmpty();
    assertThat(Checklist.shipped().names(Layer.DNS, Cause.DNS_UNEXPECTED_ADDRESS)).isTrue();
    assertThat(Checklist.shipped().names(Layer.DNS, Cause.DNS_FAILURE)).isFalse();
  }

  @Test
  void everyPlaceholderIsKnownAndFilled() {
    Map<String, String> all = new LinkedHashMap<>();
    List<String> placeholders = new ArrayList<>();
    for (String name : RunbookContext.variables()) {
      all.put(name, "[" + name + "]");
      String shown = RunbookContext.EMPTY.fill("{" + name + "}");
      if (shown.startsWith("<")) {
        placeholders.add(shown);
      }
    }
    assertThat(placeholders).contains("<backend-ip>", "<X-Amz-Cf-Id>", "<failing-hop-ip>");
    RunbookContext full = new RunbookContext(all);
    for (Layer layer : Layer.values()) {
      for (Cause cause : Cause.values()) {
        for (RunbookContext context : List.of(RunbookContext.EMPTY, full)) {
          for (RunbookStep step : Runbook.stepsFor(layer, cause, context)) {
            String text = step.action() + "\n" + step.command().orElse("");
            // curl's own write-out variables (%{http_code}) are the only braces left.
            assertThat(text.replaceAll("%\\{[a-z_]+}", ""))
                .as(layer + " / " + cause)
                .doesNotContain("{")
                .doesNotContain("}");
            if (context == full) {
              assertThat(placeholders).noneMatch(text::contains);
            }
          }
        }
      }
    }
  }

  @Test
  void everyFixtureHasItsMessage() throws IOException, URISyntaxException {
    Path dir =
        Path.of(getClass().getClassLoader().getResource("dev/probefleet/runbook/invalid").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString().replace(".yaml", "")))
          .containsExactlyInAnyOrderElementsOf(INVALID.keySet());
    }
  }

  static Stream<String> fixtures() {
    return INVALID.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void aBadFileIsRefusedNamingTheEntryAndField(String fixture) throws IOException {
    String content = resource("dev/probefleet/runbook/invalid/" + fixture + ".yaml");
    assertThatThrownBy(() -> Checklist.parse("invalid/" + fixture + ".yaml", content))
        .isInstanceOf(InvalidRunbookException.class)
        .hasMessage(INVALID.get(fixture));
  }

  @Test
  void theErrorCarriesItsParts() throws IOException {
    String content = resource("dev/probefleet/runbook/invalid/hop-not-this-or-below.yaml");
    assertThatThrownBy(() -> Checklist.parse("x.yaml", content))
        .isInstanceOfSatisfying(
            InvalidRunbookException.class,
            e -> {
              assertThat(e.source()).isEqualTo("x.yaml");
              assertThat(e.entry()).isEqualTo("runbooks[0] (ORIGIN / default)");
              assertThat(e.field()).isEqualTo("steps[0].hop");
            });
  }

  @Test
  void aSharedStepTakesTheLayersOwnWordingAndTheHopItIsGiven() {
    Checklist checklist =
        Checklist.parse(
            "small.yaml",
            """
            layer_names: {CDN: the CDN, LOAD_BALANCER: the load balancer}
            shared_steps:
              restarts: {action: 'On {hop.ip}, check {layer} for restarts.', command: 'uptime'}
              restarts@CDN: {action: 'Check the provider status page for {layer}.'}
            runbooks:
              - layers: [CDN, LOAD_BALANCER, ORIGIN, NETWORK, DNS, NONE, INCONCLUSIVE]
                steps:
                  - use: restarts
                    hop: below
                    layer: LOAD_BALANCER
              - layers: [CDN, LOAD_BALANCER]
                causes: [HTTP_5XX]
                steps:
                  - use: restarts
                    hop: this
                  - action: 'curl -w ''%{{http_code}}'' {this.url}'
            """);
    assertThat(checklist.stepsFor(Layer.LOAD_BALANCER, Cause.HTTP_5XX))
        .containsExactly(
            new Template("On {this.ip}, check the load balancer for restarts.", "uptime"),
            new Template("curl -w '%{{http_code}}' {this.url}", null));
    assertThat(checklist.stepsFor(Layer.CDN, Cause.HTTP_5XX).get(0))
        .isEqualTo(new Template("Check the provider status page for the CDN.", null));
    assertThat(checklist.stepsFor(Layer.DNS, Cause.DNS_FAILURE))
        .containsExactly(
            new Template("On {below.ip}, check the load balancer for restarts.", "uptime"));
    assertThat(checklist.names(Layer.CDN, Cause.HTTP_5XX)).isTrue();
    assertThat(checklist.names(Layer.CDN, Cause.UNKNOWN)).isFalse();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RunbookFileTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
