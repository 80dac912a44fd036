package dev.probefleet.aws.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import dev.probefleet.aws.retry.Retrier;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.model.SnsException;

/** Which answers of SNS's Publish mean "this message will never be accepted". */
class SnsFailuresTest {

  /** An error answer as the SDK builds it from SNS's XML error response. */
  static SnsException refusal(int status, String code, String message) {
    return (SnsException)
        SnsException.builder()
            .statusCode(status)
            .message(message)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode(code)
                    .errorMessage(message)
                    .serviceName("Sns")
                    .build())
            .build();
  }

  @ParameterizedTest(name = "{0} {1}: permanent")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | InvalidParameter      | Invalid parameter: Message too long",
        "400 | InvalidParameter      | Invalid parameter: Subject",
        "400 | InvalidParameterValue | The message attribute 'layer' must contain non-empty value",
        "400 | ValidationException   | 1 validation error detected",
        "413 | RequestEntityTooLarge | Request entity too large",
      })
  void refusalsOfTheMessageItselfArePermanent(int status, String code, String message) {
    assertThat(SnsFailures.permanent(refusal(status, code, message))).isTrue();
  }

  @ParameterizedTest(name = "{0} {1}: transient")
  @CsvSource(
      delimiter = '|',
      value = {
        // a configuration fix cures these, and every alert would get them alike
        "403 | AuthorizationError          | User is not authorized to perform: SNS:Publish",
        "404 | NotFound                    | Topic does not exist",
        "400 | KMSDisabled                 | the key is disabled",
        "400 | KMSAccessDenied             | not authorized to use the key",
        "400 | KMSNotFound                 | key not found",
        "400 | KMSInvalidState             | pending deletion",
        "400 | KMSOptInRequired            | subscription needed",
        "400 | KMSThrottling               | rate exceeded",
        "403 | InvalidSecurity             | use HTTPS and SigV4",
        "403 | InvalidClientTokenId        | the security token is invalid",
        "400 | ExpiredToken                | the security token expired",
        "403 | SignatureDoesNotMatch       | clock skew",
        "400 | EndpointDisabled            | endpoint disabled",
        "400 | InvalidParameter            | Invalid parameter: TopicArn",
        // throttling and server errors
        "400 | Throttling                  | Rate exceeded",
        "429 | TooManyRequestsException    | slow down",
        "500 | InternalError               | internal error",
        "503 | ServiceUnavailable          | unavailable",
        // not recognised: retrying costs little, losing an alert costs a missed page
        "400 | SomethingSnsInventsTomorrow | ?",
      })
  void throttlingServerErrorsAndConfigurationRefusalsAreTransient(
      int status, String code, String message) {
    assertThat(SnsFailures.permanent(refusal(status, code, message))).isFalse();
  }

  @Test
  void clientSideFailuresAreTransient() {
    assertThat(
            SnsFailures.permanent(
                SdkClientException.create("Unable to execute HTTP request", new IOException())))
        .isFalse();
    assertThat(SnsFailures.permanent(ApiCallTimeoutException.create(3_000))).isFalse();
    assertThat(SnsFailures.permanent(AbortedException.create("interrupted"))).isFalse();
  }

  @Test
  void aDeadlinePassedOnRetryableErrorsIsTransient() {
    Retrier retrier =
        new Retrier(Clock.systemUTC(), Duration.ofMillis(1), Duration.ofMillis(1), d -> {});
    RuntimeException e =
        catchRuntimeException(
            () ->
                retrier.call(
                    "publish",
                    Instant.now(),
                    () -> {
                      throw refusal(500, "InternalError", "internal error");
                    }));
    assertThat(e).isInstanceOf(Retrier.DeadlineExceeded.class);
    assertThat(SnsFailures.permanent(e)).isFalse();
  }
}
