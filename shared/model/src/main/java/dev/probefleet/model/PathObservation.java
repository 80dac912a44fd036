package dev.probefleet.model;

import java.util.List;
import java.util.Objects;

/**
 * Every request one path got in one round: one sample, or a burst.
 *
 * @param path cdn, lb or origin
 * @param instance origin index (0 for cdn and lb)
 * @param url the URL probed
 * @param samples the probe results in the order sent; at least one
 */
public record PathObservation(PathKind path, int instance, String url, List<ProbeResult> samples) {
  public PathObservation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(url, "url");
    samples = List.copyOf(samples);
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a path observation needs at least one sample");
    }
  }

  /** A single-sample observation. */
  public static PathObservation of(ProbeResult result) {
    return new PathObservation(result.path(), result.instance(), result.url(), List.of(result));
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
