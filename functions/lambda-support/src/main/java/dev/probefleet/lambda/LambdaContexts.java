package dev.probefleet.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.probefleet.runtime.Fleet;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
import java.util.Map;
import java.util.Optional;

/**
 * How a probefleet function starts its application context, and what it reads from it.
 *
 * <p>Unlike micronaut-function-aws' own builder, this one does not build every singleton eagerly: a
 * function builds the services it asks for and their dependencies, nothing else (the probe function
 * has no alert topic, so the analyzer's publisher must never be built there). Configuration beans
 * are built eagerly, so a malformed value fails the init phase, not the first invocation.
 * Environment deduction is off: it probes for clouds at start-up, time a cold start should not pay.
 */
public final class LambdaContexts {
  private LambdaContexts() {}

  /** The builder a function's no-argument constructor (the one Lambda calls) uses. */
  public static ApplicationContextBuilder builder() {
    return builder(Map.of());
  }

  /**
   * The same builder with properties over the environment's (for tests, and for tools that host a
   * function in-process).
   */
  public static ApplicationContextBuilder builder(Map<String, Object> properties) {
    return ApplicationContext.builder()
        .deduceEnvironment(false)
        // Named, not defaults: default environments give way to any environment the process
        // names, and under Lambda's runtime client they were not active (the packaged probe
        // function did not prime at init; ProbeFunctionUnderRieIT checks it does).
        .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
        .eagerInitConfiguration(true)
        .properties(properties);
  }

  /**
   * A service of the composition root; a configuration error surfaces as the {@link
   * dev.probefleet.runtime.FleetConfigurationException} naming the property (Lambda reports it as
   * the init error), not as the container's chain of exceptions.
   */
  public static <T> T service(ApplicationContext context, Class<T> type) {
    try {
      return context.getBean(type);
    } catch (RuntimeException e) {
      throw Fleet.unwrapped(e);
    }
  }

  /**
   * The Lambda {@code Context} of the invocation in progress, as micronaut-function-aws registers
   * it before calling the handler; empty when the handler is called without one.
   */
  public static Optional<Context> invocation(ApplicationContext context) {
    return context.findBean(Context.class);
  }
}
