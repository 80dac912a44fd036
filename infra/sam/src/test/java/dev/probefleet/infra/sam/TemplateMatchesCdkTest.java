package dev.probefleet.infra.sam;

import static dev.probefleet.infra.sam.SamTemplate.list;
import static dev.probefleet.infra.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.infra.ProbefleetApp;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The drift guard between the two deployments: the CDK app (infra/cdk) synthesized in-process with
 * one probe region that is also the home region, against this template with the same settings. Both
 * must create the same alarms (name, metric, dimensions, statistic, period, threshold, comparison,
 * evaluation, missing data, the topic notified), the same topics (encryption, TLS-only policy) and
 * subscriptions, and a dashboard with the same widgets graphing the same metrics. A change to
 * either side that the other does not follow fails here.
 */
class TemplateMatchesCdkTest {
  private static final String REGION = SamTemplate.PSEUDO_PARAMETERS.get("AWS::Region");
  private static final String EMAIL = "oncall@example.com";

  private final SamTemplate sam = SamTemplate.load();

  @TempDir static Path functions;

  /** The CDK app's home and probe stacks as templates, for this schedule and shard count. */
  private static List<Map<String, Object>> cdk(int minutes, int shards) throws IOException {
    for (var p :
        List.of(
            dev.probefleet.infra.FunctionPackage.PROBE,
            dev.probefleet.infra.FunctionPackage.ANALYZER,
            dev.probefleet.infra.FunctionPackage.API)) {
      Path zip = functions.resolve(p.module()).resolve("target").resolve(p.zipName());
      if (Files.exists(zip)) {
        continue;
      }
      Files.createDirectories(zip.getParent());
      // A stand-in: the stacks are compared, not the code.
      try (OutputStream out = Files.newOutputStream(zip);
          ZipOutputStream z = new ZipOutputStream(out)) {
        z.putNextEntry(new ZipEntry("stand-in.txt"));
        z.write(p.zipName().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("regions", REGION);
    context.put("homeRegion", REGION);
    context.put("alertEmail", EMAIL);
    context.put("schedule", minutes + "m");
    context.put("shards", Integer.toString(shards));
    context.put("functionsDir", functions.toString());
    App app = new App(AppProps.builder().context(context).build());
    ProbefleetApp.Fleet fleet = ProbefleetApp.build(app, Map.of());
    List<Stack> stacks = new ArrayList<>();
    stacks.add(fleet.home());
    stacks.addAll(fleet.probes());
    assertThat(fleet.probes()).hasSize(1);
    List<Map<String, Object>> templates = new ArrayList<>();
    for (Stack s : stacks) {
      templates.add(Template.fromStack(s).toJSON());
    }
    return templates;
  }

  private Map<String, String> samParameters(int minutes, int shards) {
    return sam.parameters(
        Map.of(
            "IntervalMinutes", Integer.toString(minutes),
            "Shards", Integer.toString(shards),
            "AlertEmail", EMAIL));
  }

  @ParameterizedTest(name = "every {0} min, {1} shards")
  @CsvSource({"1, 1", "2, 4", "5, 3", "30, 16"})
  void theAlarmsTopicsSubscriptionsAndDashboardAreTheCdkAppsHomePlusOneProbeRegion(
      int minutes, int shards) throws IOException {
    List<Map<String, Object>> cdk = cdk(minutes, shards);
    Map<String, String> parameters = samParameters(minutes, shards);

    Map<String, Map<String, Object>> cdkAlarms = new TreeMap<>();
    Map<String, Map<String, Object>> cdkTopics = new TreeMap<>();
    TreeSet<String> cdkSubscriptions = new TreeSet<>();
    List<Map<String, Object>> cdkDashboards = new ArrayList<>();
    Map<String, Map<String, Object>> cdkSchedules = new TreeMap<>();
    for (Map<String, Object> t : cdk) {
      Cdk c = new Cdk(t);
      c.ofType("AWS::CloudWatch::Alarm")
          .forEach((id, p) -> cdkAlarms.put((String) p.get("AlarmName"), c.alarm(p)));
      c.ofType("AWS::SNS::Topic").forEach((id, p) -> cdkTopics.put(c.topic(id), c.topicTraits(id)));
      c.ofType("AWS::SNS::Subscription")
          .forEach((id, p) -> cdkSubscriptions.add(c.subscription(p)));
      c.ofType("AWS::Scheduler::Schedule")
          .forEach((id, p) -> cdkSchedules.put((String) p.get("Name"), scheduleOf(p, c::value)));
      c.ofType("AWS::CloudWatch::Dashboard").forEach((id, p) -> cdkDashboards.add(c.dashboard(p)));
    }

    Sam s = new Sam(parameters);
    Map<String, Map<String, Object>> samAlarms = new TreeMap<>();
    sam.ofType("AWS::CloudWatch::Alarm")
        .keySet()
        .forEach(id -> samAlarms.put(s.value(sam.properties(id).get("AlarmName")), s.alarm(id)));
    Map<String, Map<String, Object>> samTopics = new TreeMap<>();
    sam.ofType("AWS::SNS::Topic")
        .keySet()
        .forEach(id -> samTopics.put(s.topic(id), s.topicTraits(id)));
    TreeSet<String> samSubscriptions = new TreeSet<>();
    sam.ofType("AWS::SNS::Subscription").keySet().stream()
        .filter(id -> sam.creates(id, parameters))
        .forEach(id -> samSubscriptions.add(s.subscription(id)));

    Map<String, Map<String, Object>> samSchedules = new TreeMap<>();
    sam.ofType("AWS::Scheduler::Schedule").keySet().stream()
        .filter(id -> sam.creates(id, parameters))
        .forEach(
            id ->
                samSchedules.put(
                    s.value(sam.properties(id).get("Name")),
                    scheduleOf(sam.properties(id), s::value)));

    assertThat(cdkSchedules).hasSize(shards + 1);
    assertThat(samSchedules).isEqualTo(cdkSchedules);
    assertThat(cdkAlarms).hasSize(8);
    assertThat(samAlarms).isEqualTo(cdkAlarms);
    assertThat(samTopics).isEqualTo(cdkTopics);
    assertThat(samSubscriptions).isEqualTo(cdkSubscriptions);
    assertThat(cdkDashboards).hasSize(1);
    assertThat(s.dashboard()).isEqualTo(cdkDashboards.get(0));
  }

  // --- the two sides, reduced to what a deployment does --------------------------------------

  private static String number(Object n) {
    return new BigDecimal(String.valueOf(n)).stripTrailingZeros().toPlainString();
  }

  /**
   * A dashboard body: widget title → the metrics it graphs (metric or expression, label, stat,
   * period).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> widgets(String json) {
    Map<String, Object> body =
        (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
    Map<String, Object> out = new TreeMap<>();
    out.put("start", body.get("start"));
    for (Object w : list(body.get("widgets"), "widgets")) {
      Map<String, Object> widget = map(w, "widget");
      Map<String, Object> p = map(widget.get("properties"), "properties");
      String key =
          widget.get("type")
              + " "
              + widget.get("x")
              + ","
              + widget.get("y")
              + " "
              + widget.get("width")
              + "x"
              + widget.get("height");
      if ("text".equals(widget.get("type"))) {
        out.put(key, p.get("markdown"));
      } else if ("alarm".equals(widget.get("type"))) {
        out.put(key + " " + p.get("title"), list(p.get("alarms"), "alarms").size() + " alarms");
      } else {
        List<String> metrics = new ArrayList<>();
        for (Object m : list(p.get("metrics"), "metrics")) {
          List<?> metric = list(m, "metric");
          Map<String, Object> options = map(metric.get(metric.size() - 1), "options");
          String what =
              options.containsKey("expression")
                  ? (String) options.get("expression")
                  : metric.subList(0, metric.size() - 1).toString();
          metrics.add(
              what
                  + " label="
                  + options.get("label")
                  + " stat="
                  + options.getOrDefault("stat", "Average")
                  + " period="
                  + options.getOrDefault("period", 300));
        }
        out.put(key + " " + p.get("title"), metrics);
      }
    }
    return out;
  }

  /** The synthesized CDK templates: references become the names they refer to. */
  private static final class Cdk {
    private final Map<String, Object> template;

    Cdk(Map<String, Object> template) {
      this.template = template;
    }

    Map<String, Map<String, Object>> ofType(String type) {
      Map<String, Map<String, Object>> out = new TreeMap<>();
      map(template.get("Resources"), "Resources")
          .forEach(
              (id, r) -> {
                Map<String, Object> resource = map(r, id);
                if (type.equals(resource.get("Type"))) {
                  out.put(id, map(resource.get("Properties"), id));
                }
              });
      return out;
    }

    private Map<String, Object> properties(String id) {
      return map(
          map(map(template.get("Resources"), "Resources").get(id), id).get("Properties"), id);
    }

    private String type(String id) {
      return (String) map(map(template.get("Resources"), "Resources").get(id), id).get("Type");
    }

    String value(Object v) {
      if (v instanceof Number) {
        return number(v);
      }
      if (v instanceof String s) {
        return s;
      }
      Map<String, Object> f = map(v, "expression");
      if (f.containsKey("Ref")) {
        String id = (String) f.get("Ref");
        if (SamTemplate.PSEUDO_PARAMETERS.containsKey(id)) {
          return SamTemplate.PSEUDO_PARAMETERS.get(id);
        }
        return switch (type(id)) {
          case "AWS::Lambda::Function" -> "function " + properties(id).get("FunctionName");
          case "AWS::SNS::Topic" -> "topic " + properties(id).get("TopicName");
          default -> "ref " + id;
        };
      }
      if (f.containsKey("Fn::GetAtt")) {
        return "getatt " + list(f.get("Fn::GetAtt"), "Fn::GetAtt").get(0);
      }
      if (f.containsKey("Fn::Join")) {
        List<?> args = list(f.get("Fn::Join"), "Fn::Join");
        StringBuilder out = new StringBuilder();
        for (Object part : list(args.get(1), "Fn::Join")) {
          out.append(part instanceof String s ? s : value(part));
        }
        return out.toString();
      }
      throw new AssertionError("cannot read " + v);
    }

    Map<String, Object> alarm(Map<String, Object> p) {
      return alarmOf(p, this::value);
    }

    String topic(String id) {
      return (String) properties(id).get("TopicName");
    }

    Map<String, Object> topicTraits(String id) {
      Map<String, Object> p = properties(id);
      Map<String, Object> traits = new TreeMap<>();
      traits.put(
          "key",
          p.containsKey("KmsMasterKeyId") ? value(p.get("KmsMasterKeyId")) : "not encrypted");
      traits.put("tlsOnly", tlsOnly(ofType("AWS::SNS::TopicPolicy"), id, Map.of("Ref", id)));
      return traits;
    }

    String subscription(Map<String, Object> p) {
      return value(p.get("TopicArn"))
          + " "
          + p.get("Protocol")
          + " "
          + value(p.get("Endpoint"))
          + " filter="
          + p.get("FilterPolicy");
    }

    Map<String, Object> dashboard(Map<String, Object> p) {
      Map<String, Object> out = new TreeMap<>(widgets(value(p.get("DashboardBody"))));
      out.put("name", p.get("DashboardName"));
      return out;
    }
  }

  /** This template, resolved with the parameters: references become the names they refer to. */
  private final class Sam {
    private final Map<String, String> parameters;

    Sam(Map<String, String> parameters) {
      this.parameters = parameters;
    }

    String value(Object v) {
      String resolved = sam.resolve(v, parameters);
      return resolved == null ? null : named(resolved);
    }

    private String named(String resolved) {
      if (resolved.startsWith("ref:")) {
        String id = resolved.substring("ref:".length());
        return switch (sam.type(id)) {
          case "AWS::Serverless::Function" ->
              "function " + sam.resolve(sam.properties(id).get("FunctionName"), parameters);
          case "AWS::SNS::Topic" ->
              "topic " + sam.resolve(sam.properties(id).get("TopicName"), parameters);
          default -> "ref " + id;
        };
      }
      if (resolved.matches("-?[0-9]+(\\.[0-9]+)?")) {
        return number(resolved);
      }
      return resolved;
    }

    Map<String, Object> alarm(String id) {
      return alarmOf(sam.properties(id), this::value);
    }

    String topic(String id) {
      return sam.resolve(sam.properties(id).get("TopicName"), parameters);
    }

    Map<String, Object> topicTraits(String id) {
      Map<String, Object> p = sam.properties(id);
      Map<String, Object> traits = new TreeMap<>();
      traits.put(
          "key",
          p.containsKey("KmsMasterKeyId") ? value(p.get("KmsMasterKeyId")) : "not encrypted");
      Map<String, Map<String, Object>> policies = new TreeMap<>();
      sam.ofType("AWS::SNS::TopicPolicy")
          .forEach((pid, r) -> policies.put(pid, map(r.get("Properties"), pid)));
      traits.put("tlsOnly", tlsOnly(policies, id, Map.of("Ref", id)));
      return traits;
    }

    String subscription(String id) {
      Map<String, Object> p = sam.properties(id);
      return value(p.get("TopicArn"))
          + " "
          + p.get("Protocol")
          + " "
          + value(p.get("Endpoint"))
          + " filter="
          + value(p.get("FilterPolicy"));
    }

    Map<String, Object> dashboard() {
      Map<String, Object> p = sam.properties("Dashboard");
      String body = sam.resolve(p.get("DashboardBody"), parameters);
      // The alarm widget's ARNs: getatt:<id>.Arn here, a token on the CDK side; only counted.
      Map<String, Object> out = new TreeMap<>(widgets(body));
      out.put("name", sam.resolve(p.get("DashboardName"), parameters));
      return out;
    }
  }

  private static Map<String, Object> alarmOf(
      Map<String, Object> p, java.util.function.Function<Object, String> value) {
    Map<String, Object> alarm = new TreeMap<>();
    for (String key :
        List.of(
            "Namespace",
            "MetricName",
            "Statistic",
            "Period",
            "Threshold",
            "ComparisonOperator",
            "EvaluationPeriods",
            "DatapointsToAlarm",
            "TreatMissingData")) {
      alarm.put(key, p.containsKey(key) ? value.apply(p.get(key)) : null);
    }
    Map<String, String> dimensions = new TreeMap<>();
    if (p.get("Dimensions") != null) {
      for (Object d : list(p.get("Dimensions"), "Dimensions")) {
        Map<String, Object> dimension = map(d, "Dimensions");
        dimensions.put((String) dimension.get("Name"), value.apply(dimension.get("Value")));
      }
    }
    alarm.put("Dimensions", dimensions);
    for (String key : List.of("AlarmActions", "OKActions")) {
      TreeSet<String> actions = new TreeSet<>();
      if (p.get(key) != null) {
        list(p.get(key), key).forEach(a -> actions.add(value.apply(a)));
      }
      alarm.put(key, actions);
    }
    return alarm;
  }

  /**
   * A schedule's input, retries and time window. Not its expression (the CDK app writes a
   * one-minute period as {@code cron(* * * * ? *)}, this template as {@code cron(0/1 * * * ? *)}:
   * the same minutes; TemplateSchedulesTest checks this template's) nor its target's form (an alias
   * either way: TemplateIamTest, TemplateSchedulesTest).
   */
  private static Map<String, Object> scheduleOf(
      Map<String, Object> p, java.util.function.Function<Object, String> value) {
    Map<String, Object> target = map(p.get("Target"), "Target");
    Map<String, Object> retry = map(target.get("RetryPolicy"), "RetryPolicy");
    Map<String, Object> schedule = new TreeMap<>();
    // The input as the function reads it (JSON), whatever its spacing.
    schedule.put(
        "input",
        new Yaml(new SafeConstructor(new LoaderOptions())).load(value.apply(target.get("Input"))));
    schedule.put("maxAge", value.apply(retry.get("MaximumEventAgeInSeconds")));
    schedule.put("retries", value.apply(retry.get("MaximumRetryAttempts")));
    schedule.put("window", map(p.get("FlexibleTimeWindow"), "FlexibleTimeWindow").get("Mode"));
    return schedule;
  }

  /** Whether a topic policy denies publishing to the topic without TLS. */
  private static boolean tlsOnly(
      Map<String, Map<String, Object>> policies, String topicId, Object topicRef) {
    for (Map<String, Object> p : policies.values()) {
      if (!list(p.get("Topics"), "Topics").contains(topicRef)) {
        continue;
      }
      for (Object s : list(map(p.get("PolicyDocument"), "PolicyDocument").get("Statement"), "s")) {
        Map<String, Object> statement = map(s, "Statement");
        if ("Deny".equals(statement.get("Effect"))
            && "sns:Publish".equals(statement.get("Action"))
            && topicRef.equals(statement.get("Resource"))
            && "*".equals(statement.get("Principal"))
            && Map.of("Bool", Map.of("aws:SecureTransport", "false"))
                .equals(statement.get("Condition"))) {
          return true;
        }
      }
    }
    return false;
  }
}
