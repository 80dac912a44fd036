package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything else — a store that failed at its deadline, a damaged item, a configuration error met on
 * the first request: 500 with a reference, never the cause. Exception messages can carry table
 * names, keys and SDK internals; the log (CloudWatch, beside the Lambda request id that is the
 * reference) gets the cause with its stack trace. Micronaut's handlers for its own, more specific
 * exceptions still apply.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Requires(classes = ExceptionHandler.class)
public final class UnexpectedErrorHandler
    implements ExceptionHandler<Exception, HttpResponse<Problem>> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

  private final Invocation invocation;

  UnexpectedErrorHandler(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  @SuppressWarnings("rawtypes") // the interface's signature
  public HttpResponse<Problem> handle(HttpRequest request, Exception exception) {
    String reference = invocation.reference();
    LOG.error(
        "{} {} failed (reference {})",
        request.getMethodName(),
        request.getPath(),
        reference,
        exception);
    return ProblemResponses.of(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "the service failed to answer; its log has the cause under reference " + reference,
        null);
  }
}
