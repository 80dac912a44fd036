package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Every error answer as {@code application/problem+json}: those of the exception handlers of this
 * package, and — as the primary {@link ErrorResponseProcessor} — those Micronaut writes itself (no
 * such route, method not allowed, an unacceptable media type), so a client parses one error format
 * whatever went wrong. Written here because micronaut-problem-json is not to be had (see
 * DEPENDENCIES.md); what it would add (stack traces, a problem library) the API does not want.
 */
@Singleton
@Primary
public final class ProblemResponses implements ErrorResponseProcessor<Problem> {

  /** An error answer. */
  public static MutableHttpResponse<Problem> of(
      HttpStatus status, String detail, String parameter) {
    return HttpResponse.<Problem>status(status)
        .contentType(Problem.MEDIA_TYPE)
        .body(
            new Problem(
                Problem.typeOf(status.getCode()),
                status.getReason(),
                status.getCode(),
                detail,
                parameter));
  }

  /**
   * Micronaut's own errors. A server error's detail stays generic: the messages of unexpected
   * exceptions are for the log, not for the caller.
   */
  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.status();
    String detail =
        status.getCode() >= 500
            ? "the service failed to answer"
            : context.getErrors().stream()
                .map(Error::getMessage)
                .filter(m -> m != null && !m.isBlank())
                .findFirst()
                .orElse(status.getReason());
    return response
        .contentType(Problem.MEDIA_TYPE)
        .body(
            new Problem(
                Problem.typeOf(status.getCode()),
                status.getReason(),
                status.getCode(),
                detail,
                null));
  }
}
