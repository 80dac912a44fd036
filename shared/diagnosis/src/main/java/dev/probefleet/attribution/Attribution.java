package dev.probefleet.attribution;

import dev.probefleet.attribution.internal.CertificateChecks;
import dev.probefleet.attribution.internal.RegionAttribution;
import dev.probefleet.attribution.internal.RegionCombination;
import dev.probefleet.attribution.internal.RegionResult;
import dev.probefleet.attribution.internal.RoundCombination;
import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribution of a target's round to the layer where its failure arises, and why (DESIGN §1).
 *
 * <p>Per region, the paths are walked from the user inwards and the upstream-most failing layer is
 * blamed, then explained from its own direct probe and the page it answered with, compared with the
 * healthy layer just below it. The regions are then combined (scope, severity), and findings
 * (instances kept out, certificates, other regions' faults) are attached. See {@link
 * dev.probefleet.attribution.internal.RegionAttribution} and {@link
 * dev.probefleet.attribution.internal.RegionCombination} for the exact rules.
 */
public final class Attribution {
  private static final Map<Layer, Set<Cause>> PRODUCIBLE = producibleCauses();

  private Attribution() {}

  /** The verdict of one target and one round slot. */
  public static Verdict attribute(AttributionInput input) {
    List<RegionRound> rounds =
        input.rounds().stream().sorted(Comparator.comparing(RegionRound::region)).toList();
    RegionAttribution regions = new RegionAttribution(input.target(), rounds, input.baselines());
    List<RegionResult> results = rounds.stream().map(regions::assess).toList();
    List<Finding> certificates =
        CertificateChecks.findings(rounds, input.certificateWarning(), input.now());
    return RegionCombination.combine(results, certificates);
  }

  /**
   * The verdict over several rounds of one target, given oldest first: what at least half of the
   * rounds showed; a fault seen in fewer rounds is reported with cause {@link
   * Cause#INTERMITTENT_5XX} (or its own class when it fails below HTTP) and its rate.
   *
   * @throws NoRoundsException when {@code rounds} is empty
   */
  public static Verdict overRounds(String target, List<Verdict> rounds) {
    if (rounds.isEmpty()) {
      throw new NoRoundsException(target, "no rounds to combine");
    }
    return RoundCombination.combine(rounds);
  }

  /**
   * Every (layer, cause) pair a verdict or finding can carry. The runbook has specific steps for
   * each; a test keeps this list and the rules in step.
   */
  public static Map<Layer, Set<Cause>> producible() {
    return PRODUCIBLE;
  }

  private static Map<Layer, Set<Cause>> producibleCauses() {
    Set<Cause> ownClasses = EnumSet.noneOf(Cause.class);
    for (FailureClass c : FailureClass.values()) {
      if (c.failing() && c.phase() != FailureClass.Phase.DNS) {
        ownClasses.add(Cause.of(c));
      }
    }
    Set<Cause> proxy = EnumSet.copyOf(ownClasses);
    proxy.addAll(
        EnumSet.of(
            Cause.UPSTREAM_CONNECT_FAILED,
            Cause.UPSTREAM_TLS_FAILED,
            Cause.UPSTREAM_TIMEOUT,
            Cause.UPSTREAM_HEADER_TOO_LARGE,
            Cause.NO_HEALTHY_UPSTREAM,
            Cause.INTERMITTENT_5XX,
            Cause.CERTIFICATE_EXPIRING));
    Set<Cause> origin = EnumSet.copyOf(ownClasses);
    origin.addAll(
        EnumSet.of(
            Cause.UPSTREAM_APP_DOWN,
            Cause.UPSTREAM_TIMEOUT,
            Cause.INSTANCE_DEGRADED,
            Cause.INTERMITTENT_5XX,
            Cause.CERTIFICATE_EXPIRING));
    Set<Cause> inconclusive = EnumSet.copyOf(ownClasses);
    inconclusive.add(Cause.INTERMITTENT_5XX);

    Map<Layer, Set<Cause>> all = new EnumMap<>(Layer.class);
    all.put(Layer.CDN, Collections.unmodifiableSet(EnumSet.copyOf(proxy)));
    all.put(Layer.LOAD_BALANCER, Collections.unmodifiableSet(EnumSet.copyOf(proxy)));
    all.put(Layer.ORIGIN, Collections.unmodifiableSet(origin));
    all.put(
        Layer.NETWORK,
        Collections.unmodifiableSet(EnumSet.of(Cause.CONNECT_TIMEOUT, Cause.NETWORK_UNREACHABLE)));
    all.put(
        Layer.DNS,
        Collections.unmodifiableSet(EnumSet.of(Cause.DNS_FAILURE, Cause.DNS_UNEXPECTED_ADDRESS)));
    all.put(Layer.INCONCLUSIVE, Collections.unmodifiableSet(inconclusive));
    all.put(Layer.NONE, Collections.unmodifiableSet(EnumSet.of(Cause.NONE)));
    return Collections.unmodifiableMap(all);
  }
}
