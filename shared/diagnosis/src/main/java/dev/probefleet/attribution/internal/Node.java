package dev.probefleet.attribution.internal;

import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One layer's path(s) in one region: the CDN or the load balancer (one member), or the origin tier
 * (one member per instance). The origin tier fails only when every instance fails; some failing
 * instances beside working ones make it {@link #partial()}.
 */
public record Node(PathKind kind, List<Member> members) {
  private static final Set<FailureClass> UNREACHABLE =
      EnumSet.of(FailureClass.CONNECT_TIMEOUT, FailureClass.NETWORK_UNREACHABLE);

  public Node {
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one member");
    }
  }

  public static Layer layerOf(PathKind kind) {
    return switch (kind) {
      case CDN -> Layer.CDN;
      case LB -> Layer.LOAD_BALANCER;
      case ORIGIN -> Layer.ORIGIN;
    };
  }

  public Layer layer() {
    return layerOf(kind);
  }

  /** Every member fails (in at least one sample). */
  public boolean failing() {
    return members.stream().allMatch(Member::failing);
  }

  /** Some origin instances fail, others answer. */
  public boolean partial() {
    return !failing() && members.stream().anyMatch(Member::failing);
  }

  public List<Member> failingMembers() {
    return members.stream().filter(Member::failing).toList();
  }

  /**
   * The member that stands for the node: among failing members the one with the most common class
   * (first on a tie; members failing on DNS only when all do), else the first member.
   */
  public Member lead() {
    List<Member> failing = failingMembers();
    if (failing.isEmpty()) {
      return members.get(0);
    }
    List<Member> beyondDns =
        failing.stream().filter(m -> m.failureClass().phase() != FailureClass.Phase.DNS).toList();
    if (!beyondDns.isEmpty()) {
      failing = beyondDns;
    }
    Map<FailureClass, Integer> counts = new LinkedHashMap<>();
    failing.forEach(m -> counts.merge(m.failureClass(), 1, Integer::sum));
    FailureClass common =
        counts.entrySet().stream()
            .max(Comparator.comparingInt(Map.Entry::getValue))
            .orElseThrow()
            .getKey();
    return failing.stream().filter(m -> m.failureClass() == common).findFirst().orElseThrow();
  }

  /** Mean failure rate of the members. */
  public double rate() {
    return members.stream().mapToDouble(Member::rate).average().orElse(0.0);
  }

  /** Failing, but some request of a burst still got through. */
  public boolean intermittent() {
    return failing() && members.stream().anyMatch(Member::intermittent);
  }

  /** Failing because the path's own host name does not resolve (as expected). */
  public boolean dns() {
    return failing()
        && members.stream().allMatch(m -> m.failureClass().phase() == FailureClass.Phase.DNS);
  }

  /** Failing because the prober cannot open a connection at all (timeout, no route). */
  public boolean unreachable() {
    return failing() && members.stream().allMatch(m -> UNREACHABLE.contains(m.failureClass()));
  }

  /** Whether the representative failure is a 5xx answer. */
  public boolean answers5xx() {
    Integer status = lead().status();
    return status != null && status >= 500;
  }

  /** Whether every failing member failed with the same class. */
  public boolean uniform() {
    return failingMembers().stream().map(Member::failureClass).distinct().count() <= 1;
  }

  /** How a sentence names it: "The CDN", "The load balancer", "The origin", "Every origin…". */
  public String name() {
    return switch (kind) {
      case CDN -> "The CDN";
      case LB -> "The load balancer";
      case ORIGIN -> members.size() == 1 ? "The origin" : "Every origin instance";
    };
  }
}
