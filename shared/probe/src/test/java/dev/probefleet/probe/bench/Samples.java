package dev.probefleet.probe.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Measurements in milliseconds, sorted once: the median and nearest-rank percentiles the HTTPS case
 * prints. NaN when there are none, so an empty row prints as such instead of as zero.
 */
final class Samples {
  private final double[] sorted;

  private Samples(double[] sorted) {
    this.sorted = sorted;
  }

  static Samples of(Collection<Double> values) {
    double[] s = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(s);
    return new Samples(s);
  }

  int count() {
    return sorted.length;
  }

  double median() {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Nearest rank: the smallest sample with at least this share of the samples at or below it. */
  double percentile(double share) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(share * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  double p99() {
    return percentile(0.99);
  }

  double max() {
    return percentile(1.0);
  }
}
