package dev.probefleet.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An SNS topic ARN, {@code arn:<partition>:sns:<region>:<account>:<name>}, checked at start-up. */
final class TopicArn {
  private static final Pattern ARN =
      Pattern.compile("arn:(aws[a-z-]*):sns:([a-z0-9-]+):(\\d{12}|\\d+):([A-Za-z0-9_-]{1,256})");

  private TopicArn() {}

  /** The region of a topic ARN. */
  static String region(String arn) {
    Matcher m = ARN.matcher(arn.trim());
    if (!m.matches()) {
      throw new FleetConfigurationException(
          "probefleet.alerts.topic-arn",
          "'"
              + arn
              + "' is not an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:probefleet-alerts");
    }
    return m.group(2);
  }
}
