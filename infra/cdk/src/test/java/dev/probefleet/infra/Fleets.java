package dev.probefleet.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Builds the app as {@code cdk synth} does, with a context of the test's, and reads the templates.
 * The function zips are small stand-ins (the assertions are about the stacks, not the code; the
 * synth IT deploys the real ones), laid out as the functions' modules build them.
 */
final class Fleets {
  static final ObjectMapper JSON = new ObjectMapper();

  private static Path functionsDir;

  private Fleets() {}

  /** Two probe regions (one of them the home region), a home region, alerts by e-mail. */
  static Map<String, Object> defaults() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("regions", "us-east-1,eu-west-1");
    context.put("homeRegion", "us-east-1");
    context.put("alertEmail", "oncall@example.com");
    context.put("functionsDir", functionsDir().toString());
    return context;
  }

  static ProbefleetApp.Fleet build() {
    return build(Map.of());
  }

  /** The app with the default context, overridden by {@code context}. */
  static ProbefleetApp.Fleet build(Map<String, Object> context) {
    Map<String, Object> all = defaults();
    all.putAll(context);
    App app = new App(AppProps.builder().context(all).build());
    return ProbefleetApp.build(app, Map.of());
  }

  /** Every stack of a fleet, home first. */
  static List<Stack> stacks(ProbefleetApp.Fleet fleet) {
    List<Stack> all = new ArrayList<>();
    all.add(fleet.home());
    all.addAll(fleet.probes());
    return all;
  }

  /** A stack's synthesized template as JSON. */
  static JsonNode template(Stack stack) {
    return JSON.valueToTree(Template.fromStack(stack).toJSON());
  }

  /** The resources of a type: logical id → resource. */
  static Map<String, JsonNode> resources(JsonNode template, String type) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().path("Type").asText().equals(type)) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** The one resource of a type whose property has a value. */
  static JsonNode resource(JsonNode template, String type, String property, String value) {
    List<JsonNode> found =
        resources(template, type).values().stream()
            .filter(r -> r.path("Properties").path(property).asText().equals(value))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " resources " + type + " with " + property + "=" + value);
    }
    return found.get(0);
  }

  /** Stand-in zips under a temporary {@code functions} directory. */
  static synchronized Path functionsDir() {
    if (functionsDir == null) {
      try {
        Path dir = Files.createTempDirectory("probefleet-functions");
        for (FunctionPackage p :
            List.of(FunctionPackage.PROBE, FunctionPackage.ANALYZER, FunctionPackage.API)) {
          Path zip = dir.resolve(p.module()).resolve("target").resolve(p.zipName());
          Files.createDirectories(zip.getParent());
          try (OutputStream out = Files.newOutputStream(zip);
              ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("lib/stand-in-" + p.name() + ".txt"));
            z.write(("stand-in for " + p.zipName()).getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
          }
        }
        functionsDir = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return functionsDir;
  }
}
