package dev.probefleet.runtime;

import dev.probefleet.probe.ProbeClient;
import java.util.Map;

/**
 * The bound on probes in flight when {@code probefleet.probe.max-open-connections} is not set.
 *
 * <p>In a Lambda function ({@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} set) the function gets memory /
 * 1,769 MB of a CPU (AWS Lambda Developer Guide, "Configure Lambda function memory"), whatever
 * number of processors the JVM sees, and the bound follows that share ({@link
 * ProbeClient#maxOpenConnectionsFor}): 17 at 512 MB, 35 at 1,024 MB, 60 at 1,769 MB. Elsewhere it
 * is the probe client's 512, measured on whole cores (README, "Benchmarks").
 */
public final class ProbeConcurrency {
  /** Lambda's memory per vCPU, in MB. */
  public static final double LAMBDA_MB_PER_VCPU = 1_769;

  static final String LAMBDA_MEMORY_SIZE = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

  private ProbeConcurrency() {}

  /** The bound for a process with this environment. */
  public static int defaultBound(Map<String, String> environment) {
    String memory = environment.get(LAMBDA_MEMORY_SIZE);
    if (memory != null) {
      try {
        int mb = Integer.parseInt(memory.trim());
        if (mb > 0) {
          return ProbeClient.maxOpenConnectionsFor(mb / LAMBDA_MB_PER_VCPU);
        }
      } catch (NumberFormatException e) {
        // Not a size Lambda would set: fall through to the client's own default.
      }
    }
    return ProbeClient.builder().build().maxOpenConnections();
  }
}
