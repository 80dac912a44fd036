package dev.probefleet.infra.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The template against what the build produced (the function modules package their zips before this
 * module's integration tests run): each {@code CodeUri} is a package that exists, its {@code
 * Handler} a class and method Lambda can call in that package, each {@code PROBEFLEET_*} variable
 * one the package's configuration reads ({@code FleetVariables}, run from the package), and each
 * schedule's input one the package's {@code ScheduledInvocation} accepts for the shard count the
 * function is configured with.
 */
class TemplatePackagesIT {
  private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
  private static final String FLEET_SETTINGS = "dev.probefleet.runtime.FleetSettings";
  private static final String ANALYZER_SETTINGS = "dev.probefleet.analyzer.AnalyzerSettings";
  private static final String REGION = SamTemplate.PSEUDO_PARAMETERS.get("AWS::Region");

  private final SamTemplate template = SamTemplate.load();

  /** Every optional parameter given, so that conditional variables are set too. */
  private final Map<String, String> everything =
      template.parameters(Map.of("ApiTokenKeySecret", "probefleet/api-token-key"));

  @ParameterizedTest
  @ValueSource(strings = {"probe", "analyzer", "api"})
  void theCodeUriIsThePackageTheFunctionsModuleBuilt(String name) throws IOException {
    Path zip = codeUri(name);

    assertThat(zip)
        .as("run ./mvnw package (the function modules build the packages)")
        .isRegularFile();
    try (FunctionPackage pkg = FunctionPackage.open(zip)) {
      assertThat(pkg.jars())
          .map(p -> p.getFileName().toString())
          .anyMatch(j -> j.startsWith(artifactOf(name) + "-") && j.endsWith(".jar"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "analyzer", "api"})
  void theHandlerIsAClassAndMethodLambdaCanCallInThePackage(String name) throws Exception {
    String handler =
        (String) template.function(TemplateFunctionsTest.functionId(name)).get("Handler");
    String className = handler.substring(0, handler.indexOf("::"));
    String methodName = handler.substring(handler.indexOf("::") + 2);

    try (FunctionPackage pkg = FunctionPackage.open(codeUri(name))) {
      Class<?> type = pkg.load(className);
      assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", className).isTrue();
      assertThat(Modifier.isAbstract(type.getModifiers()))
          .as("%s is concrete", className)
          .isFalse();
      Constructor<?> constructor = type.getConstructor();
      assertThat(Modifier.isPublic(constructor.getModifiers())).isTrue();

      List<Method> candidates =
          Arrays.stream(type.getMethods())
              .filter(m -> m.getName().equals(methodName))
              .filter(m -> !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
              .filter(m -> m.getParameterCount() == 2 || m.getParameterCount() == 3)
              .filter(
                  m -> m.getParameterTypes()[m.getParameterCount() - 1].getName().equals(CONTEXT))
              .toList();
      assertThat(candidates)
          .as("%s has a public %s(…, Context) Lambda calls", className, methodName)
          .isNotEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "analyzer", "api"})
  void everyVariableTheTemplateSetsIsOneThePackageReads(String name) throws Exception {
    TreeSet<String> set =
        new TreeSet<>(
            template.environment(TemplateFunctionsTest.functionId(name), everything).keySet());

    try (FunctionPackage pkg = FunctionPackage.open(codeUri(name))) {
      SortedMap<String, String> read = fleetVariables(pkg);
      assertThat(read).as("FleetVariables.all() of the %s package", name).isNotEmpty();
      assertThat(read.keySet())
          .as("PROBEFLEET_* variables the %s package reads", name)
          .containsAll(set);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "analyzer", "api"})
  void theFunctionStartsWithTheTemplatesConfigurationAsTheSchedulesMeanIt(String name)
      throws Exception {
    try (FunctionPackage pkg = FunctionPackage.open(codeUri(name))) {
      SortedMap<String, String> variables = fleetVariables(pkg);
      for (String minutes : List.of("1", "5", "30")) {
        String shards = "3";
        Map<String, String> environment =
            template.environment(
                TemplateFunctionsTest.functionId(name),
                template.parameters(Map.of("IntervalMinutes", minutes, "Shards", shards)));
        Map<String, Object> properties = new TreeMap<>();
        environment.forEach(
            (variable, value) -> {
              assertThat(variables)
                  .as("variables the %s package reads", name)
                  .containsKey(variable);
              properties.put(variables.get(variable), value);
            });
        // As in Lambda's environment: the region the function runs in.
        properties.put("aws.region", REGION);

        Object context =
            pkg.call(
                pkg.callStatic(
                    "dev.probefleet.lambda.LambdaContexts",
                    "builder",
                    new Class<?>[] {Map.class},
                    properties),
                "io.micronaut.context.ApplicationContextBuilder",
                "start",
                new Class<?>[0]);
        try {
          Object fleet = bean(pkg, context, FLEET_SETTINGS);
          assertThat(pkg.call(fleet, FLEET_SETTINGS, "period", new Class<?>[0]))
              .as(
                  "%s: the period of PROBEFLEET_INTERVAL=%s",
                  name, environment.get("PROBEFLEET_INTERVAL"))
              .isEqualTo(Duration.ofMinutes(Integer.parseInt(minutes)));
          assertThat(pkg.call(fleet, FLEET_SETTINGS, "homeRegion", new Class<?>[0]))
              .isEqualTo(REGION);
          assertThat(String.valueOf(pkg.call(fleet, FLEET_SETTINGS, "names", new Class<?>[0])))
              .isEqualTo("ResourceNames[prefix=probefleet]");
          if (name.equals("probe")) {
            assertThat(pkg.call(fleet, FLEET_SETTINGS, "shards", new Class<?>[0]))
                .isEqualTo(Integer.parseInt(shards));
          }
          if (name.equals("analyzer")) {
            // Its factory checks the grace against the period, and the expected regions.
            Object analyzer = bean(pkg, context, ANALYZER_SETTINGS);
            assertThat(pkg.call(analyzer, ANALYZER_SETTINGS, "expectedRegions", new Class<?>[0]))
                .isEqualTo(List.of(REGION));
          }
        } finally {
          pkg.call(context, "io.micronaut.context.ApplicationContext", "close", new Class<?>[0]);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "analyzer"})
  void everyScheduleInputIsOneTheFunctionAcceptsForItsShardCount(String name) throws Exception {
    String alias = TemplateFunctionsTest.functionId(name) + ".Alias";
    List<String> checked = new ArrayList<>();
    try (FunctionPackage pkg = FunctionPackage.open(codeUri(name))) {
      for (String shards : template.allowedValues("Shards")) {
        Map<String, String> parameters = template.parameters(Map.of("Shards", shards));
        int configured =
            Integer.parseInt(
                template
                    .environment(TemplateFunctionsTest.functionId(name), parameters)
                    .getOrDefault("PROBEFLEET_SHARDS", "1"));
        for (String id : template.ofType("AWS::Scheduler::Schedule").keySet()) {
          Map<String, Object> target =
              SamTemplate.map(template.properties(id).get("Target"), id + ".Target");
          if (!target.get("Arn").equals(Map.of("Ref", alias))
              || !template.creates(id, parameters)) {
            continue;
          }
          String input =
              template
                  .resolve(target.get("Input"), parameters)
                  .replace("<aws.scheduler.scheduled-time>", "2026-12-05T18:02:00Z");
          Object parsed =
              pkg.callStatic(
                  "dev.probefleet.lambda.ScheduledInvocation",
                  "parse",
                  new Class<?>[] {Map.class},
                  json(input));
          assertThatCode(
                  () ->
                      pkg.call(
                          parsed,
                          "dev.probefleet.lambda.ScheduledInvocation",
                          "shardOf",
                          new Class<?>[] {int.class},
                          configured))
              .as("%s with Shards=%s: %s", id, shards, input)
              .doesNotThrowAnyException();
          checked.add(id + "@" + shards);
        }
      }
    }
    assertThat(checked).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "analyzer", "api"})
  void theOnlyNativeCodeIsTheOptionalCryptoProviderSoArm64StillRuns(String name)
      throws IOException {
    List<String> native_ = new ArrayList<>();
    try (FunctionPackage pkg = FunctionPackage.open(codeUri(name))) {
      for (Path jar : pkg.jars()) {
        try (ZipFile file = new ZipFile(jar.toFile())) {
          Enumeration<? extends ZipEntry> entries = file.entries();
          while (entries.hasMoreElements()) {
            String entry = entries.nextElement().getName().toLowerCase();
            if (entry.endsWith(".so")
                || entry.endsWith(".dll")
                || entry.endsWith(".dylib")
                || entry.endsWith(".jnilib")) {
              native_.add(jar.getFileName() + "!" + entry);
            }
          }
        }
      }
    }
    // The crypto provider's linux-x86_64 library (issue 16) is the only native code: the probe
    // client loads it only where it matches, and on arm64 runs on the JDK's providers instead
    // (NativeCrypto; README, "HTTPS at fleet load").
    assertThat(native_)
        .as("native libraries in the %s package", name)
        .allSatisfy(
            n ->
                assertThat(n)
                    .matches(
                        "(?i)amazoncorrettocryptoprovider-[0-9.]+-linux-x86_64\\.jar!com/amazon/corretto/"
                            + "crypto/provider/libamazoncorrettocryptoprovider\\.so"));
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** {@code FleetVariables.all()} of the package: variable → property. */
  @SuppressWarnings("unchecked")
  private static SortedMap<String, String> fleetVariables(FunctionPackage pkg) throws Exception {
    return (SortedMap<String, String>)
        pkg.callStatic("dev.probefleet.runtime.FleetVariables", "all", new Class<?>[0]);
  }

  private static Object bean(FunctionPackage pkg, Object context, String type) throws Exception {
    return pkg.call(
        context,
        "io.micronaut.context.BeanLocator",
        "getBean",
        new Class<?>[] {Class.class},
        pkg.load(type));
  }

  private Path codeUri(String name) {
    String uri = (String) template.function(TemplateFunctionsTest.functionId(name)).get("CodeUri");
    return template.file().getParent().resolve(uri).normalize();
  }

  private static String artifactOf(String name) {
    return name.equals("api") ? "probefleet-api" : "probefleet-" + name + "-function";
  }

  private static Map<?, ?> json(String text) {
    Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    assertThat(value).as("schedule input %s", text).isInstanceOf(Map.class);
    return (Map<?, ?>) value;
  }
}
