package dev.probefleet.api;

import dev.probefleet.lambda.LambdaContexts;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * The class Lambda calls for the query API: API Gateway HTTP API events (payload format 2.0) become
 * Micronaut requests to the controllers of {@link dev.probefleet.api.http}, whose answers become
 * the events' responses. Handler: {@code dev.probefleet.api.ApiFunction::handleRequest}.
 *
 * <p>The context has the Lambda environments ({@code function} and {@code lambda}) with two changes
 * to what Micronaut's Lambda builder does. Environment deduction is off: it probes for clouds at
 * start-up, time a cold start should not pay, and nothing here depends on it. Singletons are not
 * built eagerly: the composition root also defines the analyzer, the probe client and the alert
 * publisher, which this function never uses and which would each demand configuration it does not
 * have (an alert topic, say); what a request needs is built on first use.
 */
public class ApiFunction extends APIGatewayV2HTTPEventFunction {

  /** The constructor Lambda calls, once per container. */
  public ApiFunction() {
    super();
  }

  /**
   * The builder every probefleet function uses ({@link LambdaContexts#builder()}): the Lambda
   * environments without the eager singletons. Built afresh rather than from {@code super}'s
   * builder: once that has asked for eager singletons, {@code eagerInitSingletons(false)} does not
   * take it back.
   */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return LambdaContexts.builder();
  }
}
