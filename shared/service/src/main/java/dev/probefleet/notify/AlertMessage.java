package dev.probefleet.notify;

import dev.probefleet.alert.Alert;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alert ready to send: one incident transition, rendered for people and for machines. This is
 * what the outbox keeps, so a republished alert is the same message.
 *
 * @param alertId stable id (incident id + transition number); subscribers de-duplicate on it, since
 *     SNS delivers at least once
 * @param subject one line, for email subjects and chat titles
 * @param text readable body for the console and chat
 * @param json the alert as one JSON document ({@link Alert#json()}): the body every SNS subscriber
 *     receives, whatever its protocol, with the readable text as an array of lines; rendered within
 *     SNS's size limit
 * @param attributes string attributes subscribers filter on (target, layer, cause, severity, state,
 *     alertId; a {@code regions} entry here is ignored by the SNS publisher, which sends {@link
 *     #regions()} as a list)
 * @param regions the regions concerned, a list attribute (a filter on one region matches)
 */
public record AlertMessage(
    String alertId,
    String subject,
    String text,
    String json,
    Map<String, String> attributes,
    List<String> regions) {

  public AlertMessage {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(json, "json");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    regions = List.copyOf(regions);
  }

  /** The message of an alert: its subject, text, JSON document and filter attributes. */
  public static AlertMessage of(Alert alert) {
    return new AlertMessage(
        alert.alertId(),
        alert.subject(),
        alert.text(),
        alert.json(),
        alert.messageAttributes(),
        alert.regions());
  }
}
