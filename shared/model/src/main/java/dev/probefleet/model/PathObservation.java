package dev.probefleet.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every request one path got in one round: one sample, or a burst.
 *
 * @param path cdn, lb or origin
 * @param instance origin index (0 for cdn and lb)
 * @param url the URL probed
 * @param samples the probe results in the order sent; at least one
 * @param fingerprint who wrote the {@link #representative()} response, as the prober fingerprinted
 *     it where the response was (absent when there was no response, or nobody fingerprinted it)
 */
public record PathObservation(
    PathKind path,
    int instance,
    String url,
    List<ProbeResult> samples,
    Optional<Fingerprint> fingerprint) {
  public PathObservation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(url, "url");
    samples = List.copyOf(samples);
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a path observation needs at least one sample");
    }
  }

  /** An observation not fingerprinted (yet). */
  public PathObservation(PathKind path, int instance, String url, List<ProbeResult> samples) {
    this(path, instance, url, samples, Optional.empty());
  }

  /** A single-sample observation. */
  public static PathObservation of(ProbeResult result) {
    return new PathObservation(result.path(), result.instance(), result.url(), List.of(result));
  }

  /** The same observation with the fingerprint of its representative response. */
  public PathObservation withFingerprint(Fingerprint value) {
    return new PathObservation(path, instance, url, samples, Optional.of(value));
  }

  /**
   * The sample that stands for the path: the first failing one if any failed, else the first. A
   * burst with a single 502 among nine 200s is still shown by its 502.
   */
  public ProbeResult representative() {
    return samples.stream().filter(ProbeResult::failing).findFirst().orElse(samples.get(0));
  }

  /** Failing samples / all samples. */
  public double failureRate() {
    return samples.stream().filter(ProbeResult::failing).count() / (double) samples.size();
  }

  /** True when every sample failed. */
  public boolean allFailing() {
    return samples.stream().allMatch(ProbeResult::failing);
  }

  /** True when some but not all samples failed. */
  public boolean intermittent() {
    long failing = samples.stream().filter(ProbeResult::failing).count();
    return failing > 0 && failing < samples.size();
  }

  /** {@code cdn}, {@code lb} or {@code origin[i]}. */
  public String label() {
    return path == PathKind.ORIGIN ? "origin[" + instance + "]" : path.key();
  }
}
