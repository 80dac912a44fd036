package dev.probefleet.functions.plain;

import dev.probefleet.config.DurationSyntax;
import dev.probefleet.probe.ProbeClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings a plain handler reads from its environment: the same variables, with the same
 * defaults, as the Micronaut functions' {@code probefleet.*} properties (a subset: what the plain
 * handlers do). Read by hand, as a function without a framework would.
 *
 * @param region the region probing ({@code PROBEFLEET_REGION}, else Lambda's {@code AWS_REGION})
 * @param homeRegion where the tables live ({@code PROBEFLEET_HOME_REGION}, default {@code region})
 * @param tablePrefix {@code PROBEFLEET_STORE_TABLE_PREFIX}, default {@code probefleet}
 * @param endpoint an emulator's endpoint ({@code PROBEFLEET_STORE_ENDPOINT}, else {@code
 *     PROBEFLEET_AWS_ENDPOINT}); empty for AWS
 * @param interval the schedule's period ({@code PROBEFLEET_INTERVAL}, default 60s)
 * @param shards {@code PROBEFLEET_SHARDS}, default 1
 * @param resolver a DNS server for the probes ({@code PROBEFLEET_PROBE_RESOLVER}); empty for the
 *     system's
 * @param confirmationDelay {@code PROBEFLEET_PROBE_CONFIRMATION_DELAY}, default 3s
 * @param deadlineMargin {@code PROBEFLEET_LAMBDA_DEADLINE_MARGIN}, default 2s
 * @param metrics whether EMF metric lines are written (on Lambda, as {@code
 *     probefleet.metrics.kind=auto} does)
 * @param tokenKey the key continuation tokens are signed with ({@code PROBEFLEET_API_TOKEN_KEY})
 * @param primeAtInit whether the probe client is primed at init ({@code
 *     PROBEFLEET_LAMBDA_PRIME_AT_INIT}, default true, as the probe function does)
 * @param maxOpenConnections probes in flight ({@code PROBEFLEET_PROBE_MAX_OPEN_CONNECTIONS}; by
 *     default scaled to Lambda's memory size, as the probe function's composition root does)
 */
public record PlainEnvironment(
    String region,
    String homeRegion,
    String tablePrefix,
    Optional<URI> endpoint,
    Duration interval,
    int shards,
    Optional<InetSocketAddress> resolver,
    Duration confirmationDelay,
    Duration deadlineMargin,
    boolean metrics,
    Optional<String> tokenKey,
    boolean primeAtInit,
    int maxOpenConnections) {

  public PlainEnvironment {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(homeRegion, "homeRegion");
    Objects.requireNonNull(tablePrefix, "tablePrefix");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(confirmationDelay, "confirmationDelay");
    Objects.requireNonNull(deadlineMargin, "deadlineMargin");
    Objects.requireNonNull(tokenKey, "tokenKey");
  }

  @Override
  public String toString() {
    return "PlainEnvironment[region="
        + region
        + ", tablePrefix="
        + tablePrefix
        + ", tokenKey="
        + (tokenKey.isPresent() ? "(hidden)" : "none")
        + "]";
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the variable whose value is wrong
   */
  public static PlainEnvironment of(Map<String, String> env) {
    String region =
        value(env, "PROBEFLEET_REGION")
            .or(() -> value(env, "AWS_REGION"))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "PROBEFLEET_REGION: not set, and neither is AWS_REGION"));
    return new PlainEnvironment(
        region,
        value(env, "PROBEFLEET_HOME_REGION").orElse(region),
        value(env, "PROBEFLEET_STORE_TABLE_PREFIX").orElse("probefleet"),
        value(env, "PROBEFLEET_STORE_ENDPOINT")
            .or(() -> value(env, "PROBEFLEET_AWS_ENDPOINT"))
            .map(URI::create),
        duration(env, "PROBEFLEET_INTERVAL", "60s"),
        count(env, "PROBEFLEET_SHARDS", 1),
        value(env, "PROBEFLEET_PROBE_RESOLVER").map(PlainEnvironment::resolver),
        duration(env, "PROBEFLEET_PROBE_CONFIRMATION_DELAY", "3s"),
        duration(env, "PROBEFLEET_LAMBDA_DEADLINE_MARGIN", "2s"),
        env.containsKey("AWS_LAMBDA_FUNCTION_NAME"),
        value(env, "PROBEFLEET_API_TOKEN_KEY"),
        !value(env, "PROBEFLEET_LAMBDA_PRIME_AT_INIT").orElse("true").equalsIgnoreCase("false"),
        value(env, "PROBEFLEET_PROBE_MAX_OPEN_CONNECTIONS").isPresent()
            ? count(env, "PROBEFLEET_PROBE_MAX_OPEN_CONNECTIONS", 512)
            : value(env, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
                .map(mb -> ProbeClient.maxOpenConnectionsFor(Integer.parseInt(mb) / 1769.0))
                .orElse(512));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    String text = value(env, name).orElse(fallback);
    try {
      return DurationSyntax.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static int count(Map<String, String> env, String name, int fallback) {
    String text = value(env, name).orElse(Integer.toString(fallback));
    try {
      int n = Integer.parseInt(text);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + text + "' is not a positive integer", e);
    }
  }

  private static InetSocketAddress resolver(String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? text : text.substring(0, colon);
    String port = colon < 0 ? "53" : text.substring(colon + 1);
    if (!host.matches("[0-9.]+")) {
      throw new IllegalArgumentException(
          "PROBEFLEET_PROBE_RESOLVER: '" + text + "' is not IPv4:port, e.g. 10.0.0.2:53");
    }
    try {
      // An IP literal: no lookup happens.
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "PROBEFLEET_PROBE_RESOLVER: '" + text + "' is not IPv4:port, e.g. 10.0.0.2:53", e);
    }
  }
}
