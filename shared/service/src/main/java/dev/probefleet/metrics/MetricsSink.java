package dev.probefleet.metrics;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.Severity;

/** Where the services report their measurements. */
public interface MetricsSink {

  /** One region's round of one target: per path, success, failure class and timings. */
  void round(RoundRecord round);

  /** The analyzer's verdict for one target and slot. */
  void verdict(String target, String region, Layer layer, Cause cause, Severity severity);

  /** A sink that drops everything (tests of other things; a local run without metrics). */
  MetricsSink NONE =
      new MetricsSink() {
        @Override
        public void round(RoundRecord round) {}

        @Override
        public void verdict(
            String target, String region, Layer layer, Cause cause, Severity severity) {}
      };
}
