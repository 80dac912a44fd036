package dev.probefleet.aws;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Makes chosen AWS operations fail the way AWS does, from inside the SDK client: per attempt, so
 * the code under test sees exactly what a throttled, failing or slow service looks like. Also runs
 * one-shot actions before or after an operation (to cut a link at a precise moment, or to let a
 * concurrent writer in).
 */
public final class FaultInterceptor implements ExecutionInterceptor {
  private static final ExecutionAttribute<Boolean> LOSE_ANSWER =
      new ExecutionAttribute<>("probefleet.test.loseAnswer");

  /** How an attempt fails. */
  public enum Fault {
    /** Refused before reaching the service with a 400 ThrottlingException. */
    THROTTLE,
    /** Refused before reaching the service with a 500 InternalServerError. */
    SERVER_ERROR,
    /** The attempt takes longer than the client waits. */
    TIMEOUT,
    /** The service does the work, but its answer is lost and the client sees a 500. */
    APPLIED_BUT_LOST
  }

  private record Planned(String operation, Fault fault, AtomicInteger left) {}

  private record Hook(String operation, boolean before, Runnable action) {}

  private final List<Planned> plans = new CopyOnWriteArrayList<>();
  private final List<Hook> hooks = new CopyOnWriteArrayList<>();
  private final List<String> injected = new ArrayList<>();

  /** The next {@code times} attempts of {@code operation} (e.g. {@code Query}) fail with this. */
  public FaultInterceptor inject(String operation, Fault fault, int times) {
    plans.add(new Planned(operation, fault, new AtomicInteger(times)));
    return this;
  }

  /** Runs {@code action} once, just before the next call of {@code operation} is sent. */
  public FaultInterceptor beforeNext(String operation, Runnable action) {
    hooks.add(new Hook(operation, true, action));
    return this;
  }

  /** Runs {@code action} once, just after the next call of {@code operation} succeeded. */
  public FaultInterceptor afterNext(String operation, Runnable action) {
    hooks.add(new Hook(operation, false, action));
    return this;
  }

  /** What was injected, as {@code operation:FAULT}, in order. */
  public List<String> injected() {
    synchronized (injected) {
      return List.copyOf(injected);
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    runHook(operation(attributes), true);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    runHook(operation(attributes), false);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = operation(attributes);
    for (Planned plan : plans) {
      if (plan.operation().equals(operation)
          && plan.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        synchronized (injected) {
          injected.add(operation + ":" + plan.fault());
        }
        switch (plan.fault()) {
          case THROTTLE -> throw serviceError(400, "ThrottlingException", attributes);
          case SERVER_ERROR -> throw serviceError(500, "InternalServerError", attributes);
          case TIMEOUT -> throw ApiCallAttemptTimeoutException.create(2000);
          case APPLIED_BUT_LOST -> attributes.putAttribute(LOSE_ANSWER, true);
        }
        return;
      }
    }
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(LOSE_ANSWER))) {
      return context.httpResponse().toBuilder()
          .statusCode(500)
          .statusText("Internal Server Error")
          .build();
    }
    return context.httpResponse();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (!Boolean.TRUE.equals(attributes.getAttribute(LOSE_ANSWER))) {
      return context.responseBody();
    }
    attributes.putAttribute(LOSE_ANSWER, false);
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String body =
        "DynamoDb".equals(service)
            ? "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                + "\"message\":\"injected: the answer was lost\"}"
            : "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                + "<Message>injected: the answer was lost</Message></Error>"
                + "<RequestId>injected</RequestId></ErrorResponse>";
    return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private void runHook(String operation, boolean before) {
    for (Hook hook : hooks) {
      if (hook.operation().equals(operation) && hook.before() == before && hooks.remove(hook)) {
        hook.action().run();
        return;
      }
    }
  }

  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  private static AwsServiceException serviceError(
      int status, String code, ExecutionAttributes attributes) {
    return AwsServiceException.builder()
        .statusCode(status)
        .message("injected " + code)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage("injected " + code)
                .serviceName(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                .build())
        .build();
  }
}
