package dev.probefleet.aws.sns;

import dev.probefleet.aws.retry.Retrier;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Which failures of {@code Publish} are permanent for the message: SNS refused this very message
 * and will refuse it again, so the outbox should set it aside instead of retrying it forever.
 *
 * <p>Permanent: the 4xx refusals of a message's content — {@code InvalidParameter}, {@code
 * InvalidParameterValue}, {@code ValidationException} (an attribute SNS rejects, "Message too
 * long") — and HTTP 413. Not permanent, even though they are 4xx: refusals a configuration fix
 * cures and that every message would get alike — {@code AuthorizationError} and the other
 * credential and permission errors, {@code NotFound} (the topic), the {@code KMS…} errors of an
 * encrypted topic, {@code InvalidSecurity}, {@code EndpointDisabled} — and an {@code
 * InvalidParameter} that names the topic ARN (a misconfigured ARN, not a bad message). Throttling,
 * 5xx, I/O errors and timeouts are transient ({@link Retrier} retries them until the deadline).
 * Anything not recognised is transient: retrying an alert costs little, losing one costs a missed
 * page.
 */
final class SnsFailures {
  /** Refusals of the message itself, whatever the configuration. */
  private static final Set<String> MESSAGE_REFUSALS =
      Set.of("InvalidParameter", "InvalidParameterValue", "ValidationException", "ValidationError");

  /** Refusals that a configuration fix cures, which every message would get alike. */
  private static final Set<String> CONFIGURATION_REFUSALS =
      Set.of(
          "AuthorizationError",
          "AccessDenied",
          "AccessDeniedException",
          "NotFound",
          "ResourceNotFound",
          "InvalidSecurity",
          "InvalidClientTokenId",
          "UnrecognizedClientException",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "MissingAuthenticationToken",
          "ExpiredToken",
          "ExpiredTokenException",
          "RequestExpired",
          "OptInRequired",
          "EndpointDisabled",
          "PlatformApplicationDisabled");

  private SnsFailures() {}

  /** Whether sending the same message again cannot succeed. */
  static boolean permanent(Throwable failure) {
    if (failure instanceof Retrier.DeadlineExceeded || Retrier.retryable(failure)) {
      return false; // throttling, 5xx, I/O, timeouts: the deadline came first
    }
    if (!(failure instanceof SdkServiceException service)) {
      return false; // not an answer from SNS (interrupted, a local error): nothing was refused
    }
    String code = errorCode(service);
    if (code.regionMatches(true, 0, "KMS", 0, 3) || CONFIGURATION_REFUSALS.contains(code)) {
      return false; // KMSAccessDenied, KMSDisabled, KMSNotFound, KMSThrottling …
    }
    if (MESSAGE_REFUSALS.contains(code)) {
      return !namesTheTopic(service);
    }
    return service.statusCode() == 413;
  }

  /**
   * {@code Invalid parameter: TopicArn}: the configured ARN is malformed or of another region, so
   * every message would be refused alike.
   */
  private static boolean namesTheTopic(SdkServiceException service) {
    String message = message(service).toLowerCase(Locale.ROOT);
    return message.contains("topicarn") || message.contains("targetarn");
  }

  /** The error code SNS sent ({@code InvalidParameter}, {@code AuthorizationError} …), or "". */
  private static String errorCode(SdkServiceException service) {
    if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      return code == null ? "" : code;
    }
    return "";
  }

  private static String message(SdkServiceException service) {
    if (service instanceof AwsServiceException aws
        && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().errorMessage() != null) {
      return aws.awsErrorDetails().errorMessage();
    }
    return service.getMessage() == null ? "" : service.getMessage();
  }
}
