package dev.probefleet.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A Lambda {@code Context} for tests whose remaining time runs down with a clock, as Lambda's does:
 * created with the function's timeout, it says how much of it is left at each call.
 */
public final class FakeLambdaContext implements Context {
  private final String functionName;
  private final int memoryMb;
  private final Instant deadline;
  private final Clock clock;
  private final String requestId = UUID.randomUUID().toString();

  public FakeLambdaContext(String functionName, int memoryMb, Duration timeout, Clock clock) {
    this.functionName = functionName;
    this.memoryMb = memoryMb;
    this.clock = clock;
    this.deadline = clock.instant().plus(timeout);
  }

  /** A context with {@code timeout} left from now on the system clock. */
  public static FakeLambdaContext withTimeout(String functionName, Duration timeout) {
    return new FakeLambdaContext(functionName, 512, timeout, Clock.systemUTC());
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "2026/12/05/[$LATEST]" + requestId.replace("-", "");
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:eu-west-1:123456789012:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.err.println(message);
      }

      @Override
      public void log(byte[] message) {
        System.err.println(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
