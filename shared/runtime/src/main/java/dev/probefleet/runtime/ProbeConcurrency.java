package dev.probefleet.runtime;

import dev.probefleet.probe.ProbeClient;
import java.util.Map;
import java.util.OptionalDouble;

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
    OptionalDouble lambda = lambdaCpus(environment);
    if (lambda.isPresent()) {
      return ProbeClient.maxOpenConnectionsFor(lambda.getAsDouble());
    }
    return ProbeClient.builder().build().maxOpenConnections();
  }

  /**
   * The CPUs a prober with this environment counts on: in Lambda its memory size's share, which the
   * JVM does not see (it sees the host's processors); elsewhere the processors the JVM sees.
   */
  public static double cpus(Map<String, String> environment) {
    return lambdaCpus(environment).orElse(Runtime.getRuntime().availableProcessors());
  }

  private static OptionalDouble lambdaCpus(Map<String, String> environment) {
    String memory = environment.get(LAMBDA_MEMORY_SIZE);
    if (memory != null) {
      try {
        int mb = Integer.parseInt(memory.trim());
        if (mb > 0) {
          return OptionalDouble.of(mb / LAMBDA_MB_PER_VCPU);
        }
      } catch (NumberFormatException e) {
        // Not a size Lambda would set: the JVM's own view.
      }
    }
    return OptionalDouble.empty();
  }
}
