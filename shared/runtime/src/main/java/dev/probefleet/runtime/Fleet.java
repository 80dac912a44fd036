package dev.probefleet.runtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.util.Map;
import java.util.Objects;

/**
 * A started composition root: the application context of {@link FleetFactory} and friends, with the
 * properties a host passes (the CLI's flags, a test's settings) over those of {@code
 * application.yml} and the environment. Hosts ask it for services; configuration errors surface as
 * {@link FleetConfigurationException} naming the property, not as a container's stack trace.
 */
public final class Fleet implements AutoCloseable {
  private final ApplicationContext context;

  private Fleet(ApplicationContext context) {
    this.context = context;
  }

  /**
   * Starts the context. Environment deduction is off: it probes for clouds at start-up (time a
   * command-line run or a cold start should not pay) and nothing here depends on it.
   *
   * @param properties {@code probefleet.*} properties that take precedence
   */
  public static Fleet start(Map<String, Object> properties) {
    Objects.requireNonNull(properties, "properties");
    try {
      return new Fleet(
          ApplicationContext.builder().deduceEnvironment(false).properties(properties).start());
    } catch (RuntimeException e) {
      throw unwrapped(e);
    }
  }

  /** A service or adapter of the fleet, built on first use. */
  public <T> T get(Class<T> type) {
    try {
      return context.getBean(type);
    } catch (RuntimeException e) {
      throw unwrapped(e);
    }
  }

  /** The underlying context, for hosts that integrate with Micronaut themselves. */
  public ApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    context.close();
  }

  /** The configuration error behind a bean that could not be built, if that is what it was. */
  public static RuntimeException unwrapped(RuntimeException e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof FleetConfigurationException config) {
        return config;
      }
      cause = cause.getCause();
    }
    if (e instanceof BeanInstantiationException && e.getCause() instanceof RuntimeException r) {
      return r instanceof BeanInstantiationException ? e : r;
    }
    return e;
  }
}
