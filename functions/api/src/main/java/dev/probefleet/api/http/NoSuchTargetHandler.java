package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** An unknown target name: 404. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Requires(classes = {NoSuchTargetException.class, ExceptionHandler.class})
public final class NoSuchTargetHandler
    implements ExceptionHandler<NoSuchTargetException, HttpResponse<Problem>> {

  @Override
  @SuppressWarnings("rawtypes") // the interface's signature
  public HttpResponse<Problem> handle(HttpRequest request, NoSuchTargetException exception) {
    return ProblemResponses.of(HttpStatus.NOT_FOUND, exception.getMessage(), null);
  }
}
