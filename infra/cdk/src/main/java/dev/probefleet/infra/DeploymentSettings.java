package dev.probefleet.infra;

import dev.probefleet.definitions.ResourceNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one deployment of the fleet is, read from the CDK context ({@code -c key=value} or {@code
 * cdk.json}) and checked before any construct is built: a wrong value fails the synth with a
 * message naming the context key.
 *
 * <table>
 *   <caption>Context keys</caption>
 *   <tr><th>key</th><th>default</th><th>what</th></tr>
 *   <tr><td>{@code regions}</td><td>—</td><td>the probe regions (a list, or comma-separated)</td></tr>
 *   <tr><td>{@code homeRegion}</td><td>—</td><td>tables, topic, analyzer, API, dashboard</td></tr>
 *   <tr><td>{@code prefix}</td><td>{@code probefleet}</td><td>resource names {@code <prefix>-…}</td></tr>
 *   <tr><td>{@code schedule}</td><td>{@code 60s}</td><td>the period (whole minutes dividing an hour, or
 *       whole hours dividing a day: the schedules fire at the start of each slot)</td></tr>
 *   <tr><td>{@code shards}, {@code analyzerShards}</td><td>1, 1</td><td>schedules per region</td></tr>
 *   <tr><td>{@code grace}</td><td>{@code 20s}</td><td>the analyzer's wait after a slot</td></tr>
 *   <tr><td>{@code probeMemory}, {@code analyzerMemory}, {@code apiMemory}</td><td>1024 MB each</td>
 *       <td>function memory sizes</td></tr>
 *   <tr><td>{@code probeArchitecture}</td><td>{@code x86_64}</td><td>the probe function's: {@code
 *       x86_64} loads the native crypto provider (a quarter of the JDK's CPU per HTTPS probe);
 *       {@code arm64} runs the JDK's</td></tr>
 *   <tr><td>{@code architecture}</td><td>{@code arm64}</td><td>the analyzer's and the API's:
 *       {@code arm64} or {@code x86_64}</td></tr>
 *   <tr><td>{@code alertEmail}, {@code alertHttpsUrl}, {@code alertQueue}</td><td>none</td>
 *       <td>alert subscriptions; each with {@code <key>Filter} (a filter policy) and {@code
 *       <key>FilterScope}; the queue gets raw delivery unless {@code alertQueueRaw=false}</td></tr>
 *   <tr><td>{@code operationsEmail}</td><td>{@code alertEmail}</td><td>the fleet's own alarms</td></tr>
 *   <tr><td>{@code logRetentionDays}</td><td>30</td><td>every log group</td></tr>
 *   <tr><td>{@code metricsNamespace}</td><td>{@code probefleet}</td><td>the EMF namespace</td></tr>
 *   <tr><td>{@code functionsDir}</td><td>{@code ../../functions}</td><td>where the function zips
 *       are built</td></tr>
 *   <tr><td>{@code account}</td><td>{@code CDK_DEFAULT_ACCOUNT}</td><td>the account, if pinned</td></tr>
 * </table>
 */
public record DeploymentSettings(
    ResourceNames names,
    String homeRegion,
    List<String> regions,
    Duration interval,
    int shards,
    int analyzerShards,
    Duration grace,
    int probeMemory,
    int analyzerMemory,
    int apiMemory,
    FunctionArchitecture probeArchitecture,
    FunctionArchitecture architecture,
    List<AlertSubscription> subscriptions,
    Optional<String> operationsEmail,
    int logRetentionDays,
    String metricsNamespace,
    Path functionsDir,
    Optional<String> account) {

  /** CloudWatch Logs' accepted retention periods, in days. */
  static final Set<Integer> RETENTION_DAYS =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** The instruction-set architecture of a function. */
  public enum FunctionArchitecture {
    ARM64,
    X86_64;

    static FunctionArchitecture parse(Context c, String key, FunctionArchitecture otherwise) {
      Optional<String> value = c.string(key);
      if (value.isEmpty()) {
        return otherwise;
      }
      return switch (value.get().toLowerCase(Locale.ROOT)) {
        case "arm64" -> ARM64;
        case "x86_64" -> X86_64;
        default ->
            throw new InvalidContextException(key, "'" + value.get() + "' is not arm64 or x86_64");
      };
    }
  }

  public DeploymentSettings {
    Objects.requireNonNull(names, "names");
    regions = List.copyOf(regions);
    subscriptions = List.copyOf(subscriptions);
  }

  /**
   * Reads the settings.
   *
   * @param context a context value by key ({@code null} when unset), e.g. {@code
   *     app.getNode()::tryGetContext}
   * @param environment the process environment ({@code CDK_DEFAULT_ACCOUNT})
   * @throws InvalidContextException naming the key that is wrong
   */
  public static DeploymentSettings from(
      Function<String, Object> context, Map<String, String> environment) {
    Context c = new Context(context);
    ResourceNames names;
    String prefix = c.string("prefix").orElse(ResourceNames.DEFAULT_PREFIX);
    try {
      names = new ResourceNames(prefix);
    } catch (IllegalArgumentException e) {
      throw new InvalidContextException("prefix", e.getMessage());
    }
    String home =
        c.string("homeRegion")
            .orElseThrow(
                () ->
                    new InvalidContextException(
                        "homeRegion",
                        "not set: pass -c homeRegion=us-east-1 (where the tables, the topic, the"
                            + " analyzer and the API live)"));
    region("homeRegion", home);
    List<String> regions = c.list("regions");
    if (regions.isEmpty()) {
      throw new InvalidContextException(
          "regions", "not set: pass the probe regions, e.g. -c regions=us-east-1,eu-west-1");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String r : regions) {
      region("regions", r);
      if (!distinct.add(r)) {
        throw new InvalidContextException("regions", r + " is listed twice");
      }
    }
    Duration interval = c.duration("schedule").orElse(Duration.ofSeconds(60));
    ScheduleExpressions.cron("schedule", interval);
    Duration grace = c.duration("grace").orElse(Duration.ofSeconds(20));
    if (grace.compareTo(interval) >= 0) {
      throw new InvalidContextException(
          "grace",
          seconds(grace)
              + " is not shorter than the schedule's period ("
              + seconds(interval)
              + "): every slot would be analysed more than a period late");
    }
    int shards = c.integer("shards", 1, 1, 100);
    int analyzerShards = c.integer("analyzerShards", 1, 1, 100);
    int probeMemory = c.integer("probeMemory", 1024, 128, 10240);
    int analyzerMemory = c.integer("analyzerMemory", 1024, 128, 10240);
    int apiMemory = c.integer("apiMemory", 1024, 128, 10240);
    // The probe function does the fleet's CPU work, TLS handshakes. The native crypto provider
    // it packages is the linux-x86_64 build (the only one this project's registry serves): on
    // arm64 it falls back to the JDK's, which took about four times the CPU per HTTPS probe on
    // x86_64 (README, "HTTPS at fleet load"), more than arm64's 20 % lower GB-second price saves
    // once a round is CPU-bound. The analyzer and the API probe nothing: arm64 is cheaper.
    FunctionArchitecture probeArchitecture =
        FunctionArchitecture.parse(c, "probeArchitecture", FunctionArchitecture.X86_64);
    FunctionArchitecture architecture =
        FunctionArchitecture.parse(c, "architecture", FunctionArchitecture.ARM64);
    List<AlertSubscription> subscriptions = new ArrayList<>();
    Optional<String> alertEmail = c.string("alertEmail");
    alertEmail.ifPresent(
        e -> {
          email("alertEmail", e);
          subscriptions.add(subscription(c, "alertEmail", AlertSubscription.Protocol.EMAIL, e));
        });
    c.string("alertHttpsUrl")
        .ifPresent(
            url -> {
              if (!url.startsWith("https://") || url.length() <= "https://".length()) {
                throw new InvalidContextException(
                    "alertHttpsUrl", "'" + url + "' is not an https:// URL");
              }
              subscriptions.add(
                  subscription(c, "alertHttpsUrl", AlertSubscription.Protocol.HTTPS, url));
            });
    if (c.bool("alertQueue", false)) {
      subscriptions.add(subscription(c, "alertQueue", AlertSubscription.Protocol.SQS, null));
    }
    Optional<String> operationsEmail = c.string("operationsEmail").or(() -> alertEmail);
    operationsEmail.ifPresent(e -> email("operationsEmail", e));
    int retention = c.integer("logRetentionDays", 30, 1, 3653);
    if (!RETENTION_DAYS.contains(retention)) {
      throw new InvalidContextException(
          "logRetentionDays",
          retention + " is not a retention CloudWatch Logs accepts: " + RETENTION_DAYS);
    }
    String namespace = c.string("metricsNamespace").orElse("probefleet");
    Path functionsDir = Path.of(c.string("functionsDir").orElse("../../functions"));
    Optional<String> account =
        c.string("account")
            .or(
                () ->
                    Optional.ofNullable(environment.get("CDK_DEFAULT_ACCOUNT"))
                        .filter(a -> !a.isBlank()));
    account.ifPresent(
        a -> {
          if (!a.matches("\\d{12}")) {
            throw new InvalidContextException("account", "'" + a + "' is not a 12-digit account");
          }
        });
    return new DeploymentSettings(
        names,
        home,
        List.copyOf(distinct),
        interval,
        shards,
        analyzerShards,
        grace,
        probeMemory,
        analyzerMemory,
        apiMemory,
        probeArchitecture,
        architecture,
        subscriptions,
        operationsEmail,
        retention,
        namespace,
        functionsDir,
        account);
  }

  /** {@code 60s}: a duration as the functions' configuration reads it. */
  static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  /** How long a scheduled function may run: the period less 10 s, at most Lambda's 15 minutes. */
  public Duration scheduledTimeout() {
    Duration t = interval.minusSeconds(10);
    return t.compareTo(Duration.ofMinutes(15)) > 0 ? Duration.ofMinutes(15) : t;
  }

  private static AlertSubscription subscription(
      Context c, String key, AlertSubscription.Protocol protocol, String endpoint) {
    var filter =
        c.string(key + "Filter")
            .map(json -> AlertSubscription.parseFilterPolicy(key + "Filter", json))
            .orElse(Map.of());
    var scope =
        c.string(key + "FilterScope")
            .map(s -> AlertSubscription.parseScope(key + "FilterScope", s))
            .orElse(AlertSubscription.FilterScope.MESSAGE_ATTRIBUTES);
    boolean raw = protocol == AlertSubscription.Protocol.SQS && c.bool(key + "Raw", true);
    return new AlertSubscription(protocol, Optional.ofNullable(endpoint), filter, scope, raw);
  }

  private static void region(String key, String value) {
    if (!REGION.matcher(value).matches()) {
      throw new InvalidContextException(key, "'" + value + "' is not a region such as eu-west-1");
    }
  }

  private static void email(String key, String value) {
    if (!EMAIL.matcher(value).matches()) {
      throw new InvalidContextException(key, "'" + value + "' is not an e-mail address");
    }
  }

  /** Context values as strings, lists, numbers and flags, whether from cdk.json or {@code -c}. */
  private record Context(Function<String, Object> values) {

    Optional<String> string(String key) {
      Object v = values.apply(key);
      if (v == null) {
        return Optional.empty();
      }
      if (v instanceof String s) {
        return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
      }
      if (v instanceof Number || v instanceof Boolean) {
        return Optional.of(String.valueOf(v));
      }
      if (v instanceof Map<?, ?> || v instanceof List<?>) {
        try {
          return Optional.of(
              new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(v));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new InvalidContextException(key, "cannot be read: " + e.getOriginalMessage());
        }
      }
      throw new InvalidContextException(key, "expected a string, got " + v);
    }

    List<String> list(String key) {
      Object v = values.apply(key);
      if (v == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      if (v instanceof List<?> l) {
        l.forEach(e -> out.add(String.valueOf(e).trim()));
      } else {
        String text = String.valueOf(v).trim();
        if (text.startsWith("[")) {
          try {
            for (var e : new com.fasterxml.jackson.databind.ObjectMapper().readTree(text)) {
              out.add(e.asText().trim());
            }
          } catch (java.io.IOException e) {
            throw new InvalidContextException(key, "'" + text + "' is not a JSON list");
          }
        } else {
          for (String part : text.split(",")) {
            if (!part.isBlank()) {
              out.add(part.trim());
            }
          }
        }
      }
      return out;
    }

    int integer(String key, int fallback, int min, int max) {
      Optional<String> text = string(key);
      if (text.isEmpty()) {
        return fallback;
      }
      int value;
      try {
        value = Integer.parseInt(text.get());
      } catch (NumberFormatException e) {
        throw new InvalidContextException(key, "'" + text.get() + "' is not a whole number");
      }
      if (value < min || value > max) {
        throw new InvalidContextException(key, value + " is outside " + min + ".." + max);
      }
      return value;
    }

    boolean bool(String key, boolean fallback) {
      Optional<String> text = string(key);
      if (text.isEmpty()) {
        return fallback;
      }
      return switch (text.get().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default ->
            throw new InvalidContextException(key, "'" + text.get() + "' is not true or false");
      };
    }

    Optional<Duration> duration(String key) {
      Optional<String> text = string(key);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      Matcher m = DURATION.matcher(text.get().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new InvalidContextException(
            key, "'" + text.get() + "' is not a duration such as 60s, 5m or 1h");
      }
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          });
    }
  }
}
