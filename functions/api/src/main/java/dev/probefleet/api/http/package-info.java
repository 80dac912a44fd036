/**
 * The HTTP side of the query API: the controllers of {@code /v1/status} and {@code /v1/incidents},
 * and how errors become {@code application/problem+json}.
 *
 * <p>Controllers are adapters: they read the query parameters (through the parsers of the store
 * package, which name the parameter at fault), call a store port of the composition root with the
 * invocation's deadline, and render a document of {@link dev.probefleet.api.model}. The one piece
 * of logic of their own, paging the registry for the status, lives in {@link StatusPages}.
 *
 * <p>Errors: {@link dev.probefleet.store.InvalidQueryException} answers 400 naming the parameter;
 * an unknown incident 404; an invocation without time left 503; anything else 500 with a reference
 * that is also logged with the cause, never the cause itself. Micronaut's own errors (no such
 * route, method not allowed) take the same form through {@link ProblemResponses}. The shapes are
 * the same whether the request came through API Gateway (the Lambda function) or the Netty server.
 */
package dev.probefleet.api.http;
