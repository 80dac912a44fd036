package dev.probefleet.notify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alert ready to send: one incident transition, rendered for people and for machines.
 *
 * @param alertId stable id (incident id + transition number); subscribers de-duplicate on it, since
 *     SNS delivers at least once
 * @param subject one line, for email subjects and chat titles
 * @param text readable body for email and chat
 * @param json the same alert as a JSON document, for SQS, Lambda and HTTPS subscribers
 * @param attributes string attributes subscribers filter on (target, layer, cause, severity, state,
 *     alertId)
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
}
