package dev.probefleet.fingerprint;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an error page's generator relates to its path's baseline.
 *
 * @param verdict the relation
 * @param generator the error page's generator
 * @param baselineGenerator the generator of the path's healthy answers, if one is established
 * @param baselineHops the hops that relay the path's healthy answers
 * @param explanation one sentence for humans
 */
public record BaselineComparison(
    Verdict verdict,
    String generator,
    Optional<String> baselineGenerator,
    List<String> baselineHops,
    String explanation) {

  /** The relation of an error page to the baseline. */
  public enum Verdict {
    /**
     * The software that writes the path's healthy answers wrote the error page: the error arises at
     * the layer that normally answers (e.g. the load balancer's own software).
     */
    SAME_AS_BASELINE,
    /**
     * A hop that relays the path's healthy answers wrote the page: the error arises at that hop.
     */
    BASELINE_HOP,
    /** Software not seen on healthy answers wrote it: a layer hidden on healthy answers, or new. */
    OTHER_GENERATOR,
    /** Nobody recognised the error page's generator. */
    UNKNOWN_GENERATOR,
    /** Too few healthy answers to say what normally answers. */
    NO_BASELINE
  }

  public BaselineComparison {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(baselineGenerator, "baselineGenerator");
    baselineHops = List.copyOf(baselineHops);
    Objects.requireNonNull(explanation, "explanation");
  }

  /** Whether the page's generator is the path's baseline generator. */
  public boolean matchesBaseline() {
    return verdict == Verdict.SAME_AS_BASELINE;
  }
}
