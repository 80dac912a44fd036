package dev.probefleet.runbook;

import dev.probefleet.attribution.Evidence;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.Layer;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the runbook fills into its steps: the failing hop ({@code this.*}), the hop below it ({@code
 * below.*}) and correlation ids, taken from a verdict's evidence. Fields: {@code label url host
 * (the name for SNI and curl) name (the URL's host name, unless an IP) ip port scheme target (path
 * and query) request_id}, and {@code cf_id}, {@code cf_ray}, {@code trace_id}. Anything unknown
 * renders as a placeholder.
 *
 * @param values known values by name, e.g. {@code below.ip}
 */
public record RunbookContext(Map<String, String> values) {
  /** Nothing known: every step shows placeholders. */
  public static final RunbookContext EMPTY = new RunbookContext(Map.of());

  /**
   * A variable, or a doubled brace that stands for a literal one: commands such as {@code curl -w
   * '%{{http_code}}'} need braces of their own.
   */
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{|}}|\\{([a-z_]+(?:\\.[a-z_]+)?)}");

  private static final Map<String, String> PLACEHOLDERS =
      Map.ofEntries(
          Map.entry("this.label", "<failing-path>"),
          Map.entry("this.url", "<failing-url>"),
          Map.entry("this.host", "<host>"),
          Map.entry("this.name", "<name>"),
          Map.entry("this.ip", "<failing-hop-ip>"),
          Map.entry("this.port", "<port>"),
          Map.entry("this.scheme", "https"),
          Map.entry("this.target", "/<path>"),
          Map.entry("this.request_id", "<request-id>"),
          Map.entry("below.label", "<backend-path>"),
          Map.entry("below.url", "<backend-url>"),
          Map.entry("below.host", "<host>"),
          Map.entry("below.name", "<upstream-name>"),
          Map.entry("below.ip", "<backend-ip>"),
          Map.entry("below.port", "<backend-port>"),
          Map.entry("below.scheme", "http"),
          Map.entry("below.target", "/<path>"),
          Map.entry("below.request_id", "<request-id>"),
          Map.entry("cf_id", "<X-Amz-Cf-Id>"),
          Map.entry("cf_ray", "<CF-Ray>"),
          Map.entry("trace_id", "<X-Amzn-Trace-Id>"));

  /**
   * The variables a step may use, sorted: those {@link #of(Verdict)} fills. A runbook file that
   * names any other is refused when it is read.
   */
  public static SortedSet<String> variables() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(PLACEHOLDERS.keySet()));
  }

  public RunbookContext {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The context of a verdict: its layer's path and the path below, from its evidence. */
  public static RunbookContext of(Verdict verdict) {
    Evidence evidence = verdict.evidence();
    Map<String, String> values = new LinkedHashMap<>();
    subject(verdict.layer(), evidence).ifPresent(p -> put(values, "this", p));
    below(verdict.layer(), evidence).ifPresent(p -> put(values, "below", p));
    for (PathEvidence p : evidence.paths()) {
      correlation(values, p, "cf_id", "X-Amz-Cf-Id");
      correlation(values, p, "cf_ray", "CF-Ray");
      correlation(values, p, "trace_id", "X-Amzn-Trace-Id");
    }
    return new RunbookContext(values);
  }

  /**
   * A template with its {@code {name}} variables replaced by values or placeholders, and {@code
   * {{}} and {@code }}} by a literal brace.
   */
  public String fill(String template) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value =
          name == null
              ? m.group().substring(1)
              : values.getOrDefault(name, PLACEHOLDERS.getOrDefault(name, "<" + name + ">"));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Optional<PathEvidence> subject(Layer layer, Evidence evidence) {
    return switch (layer) {
      case CDN -> evidence.cdn();
      case LOAD_BALANCER -> evidence.lb();
      case ORIGIN -> firstFailing(evidence.origins()).or(() -> first(evidence.origins()));
      case NETWORK, DNS, INCONCLUSIVE -> firstFailing(evidence.paths());
      case NONE -> first(evidence.paths());
    };
  }

  private static Optional<PathEvidence> below(Layer layer, Evidence evidence) {
    List<PathEvidence> origins = evidence.origins();
    Optional<PathEvidence> origin =
        origins.stream().filter(p -> !p.failing()).findFirst().or(() -> first(origins));
    return switch (layer) {
      case CDN -> evidence.lb().or(() -> origin);
      case LOAD_BALANCER -> origin;
      case INCONCLUSIVE ->
          firstFailing(evidence.paths())
              .flatMap(
                  f ->
                      evidence.paths().stream()
                          .filter(p -> p.kind().ordinal() > f.kind().ordinal())
                          .findFirst());
      default -> Optional.empty();
    };
  }

  private static Optional<PathEvidence> firstFailing(List<PathEvidence> paths) {
    return paths.stream().filter(PathEvidence::failing).findFirst();
  }

  private static Optional<PathEvidence> first(List<PathEvidence> paths) {
    return paths.stream().findFirst();
  }

  private static void put(Map<String, String> values, String prefix, PathEvidence p) {
    URI url = URI.create(p.url());
    values.put(prefix + ".label", p.label());
    values.put(prefix + ".url", p.url());
    values.put(prefix + ".host", p.sni());
    values.put(prefix + ".scheme", url.getScheme());
    int port =
        url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    values.put(prefix + ".port", Integer.toString(port));
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    values.put(
        prefix + ".target", url.getRawQuery() == null ? path : path + "?" + url.getRawQuery());
    values.put(prefix + ".request_id", p.requestId());
    String ip = ip(p);
    if (ip != null) {
      values.put(prefix + ".ip", ip);
    }
    String name = url.getHost();
    if (name != null && !name.startsWith("[") && !name.matches("[0-9.]+")) {
      values.put(prefix + ".name", name);
    }
  }

  /**
   * The IP connected to, from {@code ip:port} or {@code [v6]:port}, else an IP-literal URL host.
   */
  private static String ip(PathEvidence p) {
    String remote = p.remoteAddress();
    if (remote != null && !remote.isBlank()) {
      int colon = remote.lastIndexOf(':');
      return colon > 0 ? remote.substring(0, colon) : remote;
    }
    String host = URI.create(p.url()).getHost();
    if (host != null && (host.startsWith("[") || host.matches("[0-9.]+"))) {
      return host;
    }
    return null;
  }

  private static void correlation(
      Map<String, String> values, PathEvidence p, String key, String header) {
    if (values.containsKey(key)) {
      return;
    }
    p.correlation().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(header))
        .findFirst()
        .ifPresent(e -> values.put(key, e.getValue()));
  }
}
