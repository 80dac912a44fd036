package dev.probefleet.api.http;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The request being served, as far as its time and its trace are concerned.
 *
 * <p>In Lambda, Micronaut registers each invocation's {@link Context} as a bean before the request
 * is routed: a store read is retried no later than the invocation's remaining time less a margin
 * for rendering the answer, so a slow store ends in a problem answer rather than a Lambda timeout
 * that API Gateway would turn into a bare 503. On the Netty server there is no invocation: reads
 * get {@link #SERVER_BUDGET}.
 */
@Singleton
public final class Invocation {
  /** Kept back from a Lambda invocation's remaining time to render and return the answer. */
  static final Duration MARGIN = Duration.ofMillis(500);

  /** How long a read may take on the Netty server. */
  static final Duration SERVER_BUDGET = Duration.ofSeconds(10);

  private final BeanProvider<Context> lambda;
  private final Clock clock;

  Invocation(BeanProvider<Context> lambda, Clock clock) {
    this.lambda = lambda;
    this.clock = clock;
  }

  /**
   * The deadline of the store reads of this request.
   *
   * @throws NoTimeLeftException when the invocation has no more than the margin left
   */
  public Instant deadline() {
    Instant now = clock.instant();
    if (!lambda.isPresent()) {
      return now.plus(SERVER_BUDGET);
    }
    long remaining = lambda.get().getRemainingTimeInMillis();
    if (remaining <= MARGIN.toMillis()) {
      throw new NoTimeLeftException(remaining);
    }
    return now.plusMillis(remaining).minus(MARGIN);
  }

  /**
   * What names this request in the logs: the Lambda request id (which CloudWatch shows beside every
   * line of the invocation), or a fresh id on the Netty server.
   */
  public String reference() {
    if (lambda.isPresent()) {
      String id = lambda.get().getAwsRequestId();
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    return UUID.randomUUID().toString();
  }
}
