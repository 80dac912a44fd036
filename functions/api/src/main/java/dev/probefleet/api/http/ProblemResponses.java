package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
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
  private final String tooLarge;

  /**
   * @param maxInitialLine the Netty server's limit on the request line (method, path, query)
   * @param maxHeaders the Netty server's limit on the headers, all of them together
   */
  ProblemResponses(
      @Value("${micronaut.server.netty.max-initial-line-length:4096}") int maxInitialLine,
      @Value("${micronaut.server.netty.max-header-size:8192}") int maxHeaders) {
    this.tooLarge =
        "the request line (method, path and query) or the headers are larger than this server"
            + " accepts: at most "
            + maxInitialLine
            + " bytes of request line and "
            + maxHeaders
            + " bytes of headers";
  }

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
    // The server's own refusals of a request it could not decode carry only the reason phrase.
    if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE && detail.equals(status.getReason())) {
      detail = tooLarge;
    } else if (status == HttpStatus.BAD_REQUEST && detail.equals(status.getReason())) {
      detail = "the request is not valid HTTP: its request line or a header is malformed";
    }
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
