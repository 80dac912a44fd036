package dev.probefleet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One user-facing endpoint and the paths that reach it. Any path may be missing (fewer paths, less
 * precise verdicts).
 *
 * @param name unique name
 * @param request the request every path sends
 * @param expect what a healthy answer looks like
 * @param burst requests per path per round
 * @param cdn through the CDN
 * @param lb at the load balancer
 * @param origins at each origin instance
 * @param storeBodies whether stored and alerted evidence keeps response bodies ({@code storeBodies}
 *     in the targets file, default true); false keeps the status line, headers and fingerprint
 *     only, for endpoints whose error pages may carry data that must not leave the prober
 */
public record Target(
    String name,
    RequestSpec request,
    ExpectSpec expect,
    BurstSpec burst,
    Optional<PathSpec> cdn,
    Optional<PathSpec> lb,
    List<PathSpec> origins,
    boolean storeBodies) {

  /** A target whose response bodies are stored (the default). */
  public Target(
      String name,
      RequestSpec request,
      ExpectSpec expect,
      BurstSpec burst,
      Optional<PathSpec> cdn,
      Optional<PathSpec> lb,
      List<PathSpec> origins) {
    this(name, request, expect, burst, cdn, lb, origins, true);
  }

  public Target {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(expect, "expect");
    Objects.requireNonNull(burst, "burst");
    Objects.requireNonNull(cdn, "cdn");
    Objects.requireNonNull(lb, "lb");
    origins = List.copyOf(origins);
    cdn.ifPresent(p -> requireKind(p, PathKind.CDN));
    lb.ifPresent(p -> requireKind(p, PathKind.LB));
    origins.forEach(p -> requireKind(p, PathKind.ORIGIN));
  }

  private static void requireKind(PathSpec path, PathKind kind) {
    if (path.kind() != kind) {
      throw new IllegalArgumentException("a " + path.kind() + " path given as " + kind);
    }
  }

  /** The same target with {@link #storeBodies()} set. */
  public Target withStoreBodies(boolean value) {
    return new Target(name, request, expect, burst, cdn, lb, origins, value);
  }

  /** Every configured path: cdn, lb, then the origins in order. */
  public List<PathSpec> paths() {
    List<PathSpec> all = new ArrayList<>();
    cdn.ifPresent(all::add);
    lb.ifPresent(all::add);
    all.addAll(origins);
    return List.copyOf(all);
  }

  /** Whether a path of this kind is configured. */
  public boolean has(PathKind kind) {
    return switch (kind) {
      case CDN -> cdn.isPresent();
      case LB -> lb.isPresent();
      case ORIGIN -> !origins.isEmpty();
    };
  }
}
