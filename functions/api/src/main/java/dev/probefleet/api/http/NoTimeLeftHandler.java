package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** An invocation that started with too little time left: 503, worth retrying. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Requires(classes = {NoTimeLeftException.class, ExceptionHandler.class})
public final class NoTimeLeftHandler
    implements ExceptionHandler<NoTimeLeftException, HttpResponse<Problem>> {

  @Override
  @SuppressWarnings("rawtypes") // the interface's signature
  public HttpResponse<Problem> handle(HttpRequest request, NoTimeLeftException exception) {
    return ProblemResponses.of(HttpStatus.SERVICE_UNAVAILABLE, exception.getMessage(), null);
  }
}
