package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses every request that carries a body, before anything reads it: every endpoint of the API
 * (and of the board {@code probefleet run} serves beside it) is a {@code GET}, so a body — of any
 * size, any content type, valid JSON or not — is a client's mistake, and buffering one would only
 * let a client spend the server's memory. 413 says so, naming the size and type it was given.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RequestBodyFilter {

  @RequestFilter
  @Nullable
  HttpResponse<Problem> refuseBodies(HttpRequest<?> request) {
    if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
      return null; // no route takes another method: the router answers 405, reading no body
    }
    long length = request.getContentLength();
    boolean chunked = request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
    if (length <= 0 && !chunked) {
      return null;
    }
    String type = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
    return ProblemResponses.of(
        HttpStatus.REQUEST_ENTITY_TOO_LARGE,
        "this API takes no request body (its endpoints are GET); got "
            + (length > 0 ? length + " bytes" : "a chunked body")
            + (type == null ? "" : " of " + PathParameters.shown(type))
            + "; send the request without one",
        null);
  }
}
