package dev.probefleet.attribution.internal;

import static dev.probefleet.attribution.internal.Wording.does;
import static dev.probefleet.attribution.internal.Wording.lower;

import dev.probefleet.attribution.Baselines;
import dev.probefleet.attribution.Evidence;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.Severity;
import dev.probefleet.model.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rows of DESIGN §1's attribution table, applied top-down to one region's round.
 *
 * <p>The configured paths form a chain from the user inwards: cdn → lb → origin tier. Walking it
 * from the outside, each run of consecutive failing paths is one fault, blamed on the deepest path
 * of the run (the upstream-most failing layer) and explained from that path's own probe compared
 * with the healthy path just below it. The first fault is the region's verdict; later ones (below a
 * path that works) become findings. Special cases, in order:
 *
 * <ul>
 *   <li>A path failing because its own host name does not resolve gives layer DNS.
 *   <li>A path failing under a working path that goes through it: if the prober cannot connect
 *       (timeout, no route) it is NETWORK; an origin failing so is an instance kept out by health
 *       checks (INSTANCE_DEGRADED); neither pages.
 *   <li>A fault whose deepest path has no configured path directly below is INCONCLUSIVE, with the
 *       candidate layers listed.
 *   <li>A load balancer failing some requests of a burst while some origin instances fail and
 *       others answer: the bad instance is the fault, and the LB's health checks are not removing
 *       it (ORIGIN, INSTANCE_DEGRADED, paging).
 * </ul>
 *
 * A fault whose outermost path is the outermost path probed (the user-facing one) pages; a fault
 * users do not go through (e.g. the lb failing while the cdn answers) warns.
 */
public final class RegionAttribution {
  private final Target target;
  private final List<RegionRound> all;
  private final Baselines baselines;

  public RegionAttribution(Target target, List<RegionRound> all, Baselines baselines) {
    this.target = target;
    this.all = List.copyOf(all);
    this.baselines = baselines;
  }

  /** The region's conclusions and evidence. */
  public RegionResult assess(RegionRound round) {
    List<Node> chain = chain(round);
    List<Assessment> found = new ArrayList<>();
    int i = 0;
    while (i < chain.size()) {
      Node top = chain.get(i);
      Optional<Node> above = i > 0 ? Optional.of(chain.get(i - 1)) : Optional.empty();
      if (!top.failing()) {
        if (top.partial() && !explainedAlready(found)) {
          found.add(instancesDegraded(top, above));
        }
        i++;
        continue;
      }
      boolean userFacing = i == 0;
      Severity severity = userFacing ? Severity.PAGE : Severity.WARN;
      Optional<Node> working = above.filter(a -> !a.failing());
      if (top.dns()) {
        found.add(dns(top, Optional.empty(), severity, working));
        i++;
        continue;
      }
      if (working.isPresent() && top.kind() != PathKind.CDN) {
        if (top.unreachable()) {
          found.add(unreachable(top, working.get()));
          i++;
          continue;
        }
        if (top.kind() == PathKind.ORIGIN) {
          found.add(instancesDegraded(top, working));
          i++;
          continue;
        }
      }
      int j = i;
      while (j + 1 < chain.size() && chain.get(j + 1).failing()) {
        j++;
        if (chain.get(j).dns()) {
          break;
        }
      }
      Node deepest = chain.get(j);
      Optional<Node> below =
          j + 1 < chain.size() ? Optional.of(chain.get(j + 1)) : Optional.empty();
      Optional<Node> justAbove = j > i ? Optional.of(chain.get(j - 1)) : Optional.empty();
      found.add(blame(top, deepest, justAbove, below, severity, chain));
      i = j + 1;
    }
    Evidence evidence = evidence(round.region(), chain);
    if (found.isEmpty()) {
      return new RegionResult(round.region(), healthy(chain), List.of(), evidence);
    }
    return new RegionResult(round.region(), found.get(0), found.subList(1, found.size()), evidence);
  }

  private Assessment blame(
      Node top,
      Node deepest,
      Optional<Node> justAbove,
      Optional<Node> below,
      Severity severity,
      List<Node> chain) {
    double rate = top.rate();
    String path = deepest.lead().label();
    String served = severity == Severity.PAGE ? "" : usersServed(chain);
    if (deepest.dns()) {
      return dns(deepest, justAbove, severity, Optional.empty());
    }
    if (deepest.kind() == PathKind.ORIGIN) {
      String alsoAbove = justAbove.map(a -> " " + a.name() + " " + does(a.lead()) + ".").orElse("");
      CauseRules.Explained why = CauseRules.origin(deepest, alsoAbove);
      return Assessment.of(Layer.ORIGIN, why.cause(), severity, why.summary() + served, rate, path);
    }
    if (below.isEmpty() || below.get().kind().ordinal() > deepest.kind().ordinal() + 1) {
      return inconclusive(deepest, below, severity, rate, served);
    }
    Node next = below.get();
    if (deepest.kind() == PathKind.LB && deepest.intermittent() && next.partial()) {
      return Assessment.of(
          Layer.ORIGIN,
          Cause.INSTANCE_DEGRADED,
          severity,
          Wording.instances(next.failingMembers())
              + ", and the load balancer "
              + does(deepest.lead())
              + ": its health checks are not removing the bad instance."
              + served,
          rate,
          next.failingMembers().get(0).label());
    }
    Optional<Assessment> relayed = relayedFromBelow(deepest, next, severity, rate, served);
    if (relayed.isPresent()) {
      return relayed.get();
    }
    CauseRules.Explained why = CauseRules.proxy(deepest, next);
    return Assessment.of(
        deepest.layer(), why.cause(), severity, why.summary() + served, rate, path);
  }

  /**
   * The failing layer relays an error page that another software wrote than the one it answers with
   * when healthy (its learned baseline): the layer below wrote it, even if the probe's own requests
   * to that layer happen to succeed — a pooled connection meeting the keep-alive race, or another
   * node of it than the probe reaches. DESIGN §1: a 502 whose page matches the LB's software comes
   * from the LB.
   *
   * <p>Not when the page's software is one that plays the failing layer's own role (HAProxy's or an
   * ALB's page on the lb path, CloudFront's on the cdn path): that is the layer's own page. A load
   * balancer passes its upstream's {@code Server} header through on healthy answers, so the lb
   * path's learned baseline is usually the origin's software, and every page the load balancer
   * writes itself differs from it.
   */
  private static Optional<Assessment> relayedFromBelow(
      Node deepest, Node next, Severity severity, double rate, String served) {
    Member lead = deepest.lead();
    Optional<String> page = lead.generator();
    Integer status = lead.status();
    if (page.isEmpty()
        || lead.baseline().isEmpty()
        || lead.baseline().equals(page)
        || status == null
        || status < 500
        || writtenInOwnRole(lead)) {
      return Optional.empty();
    }
    boolean intermittent = deepest.intermittent();
    String share =
        intermittent ? " to " + lead.failures() + " of " + lead.samples() + " requests" : "";
    String summary =
        deepest.name()
            + " passes on a "
            + status
            + " page written by "
            + page.get()
            + " (it answers as "
            + lead.baseline().get()
            + " itself)"
            + share
            + ", although "
            + lower(next)
            + " answers the probe's own requests: the error arises at "
            + lower(next)
            + (intermittent
                ? ", intermittently — typically the keep-alive race between its idle timeout and its"
                    + " upstream's keep-alive timeout, met on "
                    + lower(deepest)
                    + "'s pooled connections."
                : ", on the node or connection "
                    + lower(deepest)
                    + " reaches and the probe does not.");
    return Optional.of(
        Assessment.of(
            next.layer(),
            intermittent ? Cause.INTERMITTENT_5XX : Cause.HTTP_5XX,
            severity,
            summary + served,
            rate,
            next.lead().label()));
  }

  /** Whether the page's software usually plays the role of the layer whose path it came on. */
  private static boolean writtenInOwnRole(Member member) {
    Optional<Fingerprint.Role> role =
        member.fingerprint().filter(Fingerprint::known).map(Fingerprint::role);
    return switch (member.kind()) {
      case CDN -> role.equals(Optional.of(Fingerprint.Role.CDN));
      case LB -> role.equals(Optional.of(Fingerprint.Role.LOAD_BALANCER));
      case ORIGIN -> false;
    };
  }

  private Assessment inconclusive(
      Node deepest, Optional<Node> below, Severity severity, double rate, String served) {
    int from = deepest.kind().ordinal();
    int to = below.map(b -> b.kind().ordinal()).orElse(PathKind.ORIGIN.ordinal() + 1);
    List<Layer> candidates = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (PathKind kind : PathKind.values()) {
      if (kind.ordinal() >= from && kind.ordinal() < to) {
        candidates.add(Node.layerOf(kind));
        if (kind.ordinal() > from) {
          missing.add(kind.key() + (target.has(kind) ? " (not probed from this region)" : ""));
        }
      }
    }
    Member m = deepest.lead();
    Cause cause =
        deepest.intermittent() && deepest.answers5xx()
            ? Cause.INTERMITTENT_5XX
            : Cause.of(m.failureClass());
    String summary =
        deepest.name()
            + " "
            + does(m)
            + "; with "
            + Wording.and(missing)
            + " missing, the failure is at "
            + Wording.alternatives(candidates)
            + ". Configure the missing path"
            + (missing.size() > 1 ? "s" : "")
            + " to decide."
            + served;
    return new Assessment(
        Layer.INCONCLUSIVE, cause, severity, summary, candidates, rate, Optional.of(m.label()));
  }

  private Assessment dns(
      Node node, Optional<Node> failingAbove, Severity severity, Optional<Node> workingAbove) {
    Member m = node.lead();
    String summary =
        node.name()
            + " ("
            + m.spec().urlHost()
            + ") "
            + does(m)
            + failingAbove.map(a -> ", and " + lower(a) + " " + does(a.lead())).orElse("")
            + ": the path's own host name is the problem.";
    if (workingAbove.isPresent()) {
      summary += " " + Wording.capitalize(lower(workingAbove.get())) + " answers normally.";
    }
    return Assessment.of(
        Layer.DNS, Cause.of(m.failureClass()), severity, summary, node.rate(), m.label());
  }

  private Assessment unreachable(Node node, Node above) {
    Member m = node.lead();
    return Assessment.of(
        Layer.NETWORK,
        Cause.of(m.failureClass()),
        Severity.WARN,
        node.name()
            + " "
            + does(m)
            + " from the prober while "
            + lower(above)
            + " answers normally: the prober cannot reach it (a private address, a security group"
            + " or an ACL), though "
            + lower(above)
            + " can; users are not affected.",
        node.rate(),
        m.label());
  }

  private Assessment instancesDegraded(Node origin, Optional<Node> working) {
    List<Member> bad = origin.failingMembers();
    boolean all = bad.size() == origin.members().size();
    String summary = Wording.instances(bad);
    if (working.isPresent()) {
      String above = lower(working.get());
      summary +=
          " while "
              + above
              + " answers normally: "
              + (all
                  ? above + " must be serving from instances or a cache the probe does not see"
                  : "a bad instance, kept out of rotation by health checks")
              + "; users are not affected.";
    } else {
      summary += " while the other instances answer: one bad instance.";
    }
    return Assessment.of(
        Layer.ORIGIN,
        Cause.INSTANCE_DEGRADED,
        Severity.WARN,
        summary,
        bad.size() / (double) origin.members().size(),
        bad.get(0).label());
  }

  /** Whether the load balancer refinement already blamed the bad instance. */
  private static boolean explainedAlready(List<Assessment> found) {
    return found.stream()
        .anyMatch(a -> a.layer() == Layer.ORIGIN && a.cause() == Cause.INSTANCE_DEGRADED);
  }

  private static String usersServed(List<Node> chain) {
    return " Users going through " + lower(chain.get(0)) + " are served.";
  }

  private Assessment healthy(List<Node> chain) {
    List<String> parts = new ArrayList<>();
    for (Node node : chain) {
      for (Member m : node.members()) {
        parts.add(m.label() + " " + does(m).replace("answers ", ""));
      }
    }
    return new Assessment(
        Layer.NONE,
        Cause.NONE,
        Severity.INFO,
        "Every path answers normally (" + String.join(", ", parts) + ").",
        List.of(),
        0.0,
        Optional.empty());
  }

  private List<Node> chain(RegionRound round) {
    List<Node> chain = new ArrayList<>();
    target.cdn().flatMap(spec -> member(round, spec)).ifPresent(m -> chain.add(node(m)));
    target.lb().flatMap(spec -> member(round, spec)).ifPresent(m -> chain.add(node(m)));
    List<Member> origins =
        target.origins().stream()
            .map(spec -> member(round, spec))
            .flatMap(Optional::stream)
            .toList();
    if (!origins.isEmpty()) {
      chain.add(new Node(PathKind.ORIGIN, origins));
    }
    return chain;
  }

  private static Node node(Member m) {
    return new Node(m.kind(), List.of(m));
  }

  /**
   * The path's observation in this region; for an origin this region may not probe ({@code
   * probeFrom}), the observation of a region that did: the origin is the same instance, and private
   * origins are typically reachable from one region only.
   */
  private Optional<Member> member(RegionRound round, PathSpec spec) {
    Optional<Member> own = observed(round, spec);
    if (own.isPresent() || spec.kind() != PathKind.ORIGIN || spec.probedFrom(round.region())) {
      return own;
    }
    return all.stream()
        .filter(r -> spec.probedFrom(r.region()))
        .sorted(Comparator.comparing(RegionRound::region))
        .map(r -> observed(r, spec))
        .flatMap(Optional::stream)
        .findFirst();
  }

  private Optional<Member> observed(RegionRound round, PathSpec spec) {
    return round.record().of(spec.kind()).stream()
        .filter(o -> o.instance() == spec.instance())
        .findFirst()
        .map(
            o ->
                new Member(
                    spec,
                    o,
                    round.fingerprint(spec.label()),
                    baselines.generator(spec.label()),
                    round.region(),
                    baselines.usualTtfb(spec.label())));
  }

  private static Evidence evidence(String region, List<Node> chain) {
    List<PathEvidence> paths = new ArrayList<>();
    for (Node node : chain) {
      for (Member m : node.members()) {
        paths.add(evidence(m));
      }
    }
    Optional<Node> cdn = find(chain, PathKind.CDN);
    Optional<Node> lb = find(chain, PathKind.LB);
    Optional<Node> origin = find(chain, PathKind.ORIGIN);
    return new Evidence(region, paths, Timing.added(cdn, lb, origin));
  }

  private static Optional<Node> find(List<Node> chain, PathKind kind) {
    return chain.stream().filter(n -> n.kind() == kind).findFirst();
  }

  /** Evidence of one path; correlation headers are kept, nothing the probe sent but its id. */
  public static PathEvidence evidence(Member m) {
    ProbeResult s = m.sample();
    PathObservation o = m.observation();
    return new PathEvidence(
        m.kind(),
        m.spec().instance(),
        m.region(),
        o.url(),
        m.spec().effectiveHost(),
        m.spec().effectiveSni(),
        s.failureClass(),
        s.detail(),
        s.status(),
        m.fingerprint().map(f -> f.generator()).orElse(null),
        m.fingerprint().map(f -> f.meaning()).orElse(""),
        s.remoteAddress(),
        s.probedAt(),
        s.requestId(),
        s.timings(),
        s.correlation(),
        m.samples(),
        m.failures(),
        s.response().map(r -> r.bodyText()).orElse(""),
        s.headerBytes());
  }
}
