package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import dev.probefleet.store.InvalidQueryException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A bad query parameter: 400, naming it (its message already does, and says what is wrong). */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Requires(classes = {InvalidQueryException.class, ExceptionHandler.class})
public final class InvalidQueryHandler
    implements ExceptionHandler<InvalidQueryException, HttpResponse<Problem>> {

  @Override
  @SuppressWarnings("rawtypes") // the interface's signature
  public HttpResponse<Problem> handle(HttpRequest request, InvalidQueryException exception) {
    return ProblemResponses.of(
        HttpStatus.BAD_REQUEST, exception.getMessage(), exception.parameter());
  }
}
