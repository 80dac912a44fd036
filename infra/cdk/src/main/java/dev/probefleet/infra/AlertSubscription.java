package dev.probefleet.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.definitions.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One subscription to the alert topic the home stack creates, with its filter policy.
 *
 * <p>A filter policy here is what README "Subscribing to alerts" documents: each key one of the
 * message attributes every alert carries ({@link Topics#ALERTS}), each value the list of strings
 * that match, e.g. {@code {"severity": ["PAGE"]}}. With scope {@link FilterScope#MESSAGE_BODY} the
 * same keys match the top-level keys of the JSON body, which carry the same values. A key no alert
 * carries would filter out every message, silently: it is refused at synth instead.
 *
 * @param protocol how SNS delivers
 * @param endpoint the address (an e-mail address, an HTTPS URL); empty for the queue this stack
 *     creates
 * @param filterPolicy key → accepted values; empty: every alert
 * @param scope what the policy is matched against
 * @param rawDelivery deliver the document itself rather than SNS's JSON notification (SQS, HTTPS)
 */
public record AlertSubscription(
    Protocol protocol,
    Optional<String> endpoint,
    Map<String, List<String>> filterPolicy,
    FilterScope scope,
    boolean rawDelivery) {

  /** SNS's limit on the keys of one filter policy. */
  static final int MAX_KEYS = 5;

  /** SNS's limit on the combinations of values of one filter policy (the product of the sizes). */
  static final int MAX_COMBINATIONS = 150;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The delivery protocols the stack can subscribe. */
  public enum Protocol {
    EMAIL,
    HTTPS,
    SQS
  }

  /** SNS's {@code FilterPolicyScope}. */
  public enum FilterScope {
    MESSAGE_ATTRIBUTES,
    MESSAGE_BODY
  }

  public AlertSubscription {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(scope, "scope");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    filterPolicy.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    filterPolicy = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Reads a filter policy given in the context.
   *
   * @param key the context key, for messages
   * @param json the policy, e.g. {@code {"severity": ["PAGE"], "state": ["OPENED"]}}
   * @throws InvalidContextException naming the key and what is wrong
   */
  static Map<String, List<String>> parseFilterPolicy(String key, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidContextException(
          key, "'" + json + "' is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidContextException(key, "'" + json + "' cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidContextException(
          key, "a filter policy is a JSON object such as {\"severity\": [\"PAGE\"]}");
    }
    Map<String, List<String>> policy = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    long combinations = 1;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (!Topics.ALERTS.messageAttributes().contains(name)) {
        throw new InvalidContextException(
            key,
            "'"
                + name
                + "' is not an attribute alerts carry; filter on one of "
                + String.join(", ", Topics.ALERTS.messageAttributes()));
      }
      JsonNode values = field.getValue();
      if (!values.isArray() || values.isEmpty()) {
        throw new InvalidContextException(
            key, name + ": give the accepted values as a non-empty array of strings");
      }
      List<String> accepted = new ArrayList<>();
      for (JsonNode v : values) {
        if (!v.isTextual()) {
          throw new InvalidContextException(
              key,
              name
                  + ": "
                  + v
                  + " is not a string (alert attributes are strings; matching is exact and"
                  + " case-sensitive)");
        }
        accepted.add(v.asText());
      }
      combinations *= accepted.size();
      policy.put(name, accepted);
    }
    if (policy.isEmpty()) {
      throw new InvalidContextException(key, "the filter policy is empty; leave it out instead");
    }
    if (policy.size() > MAX_KEYS) {
      throw new InvalidContextException(
          key, "SNS allows at most " + MAX_KEYS + " keys in a filter policy, got " + policy.size());
    }
    if (combinations > MAX_COMBINATIONS) {
      throw new InvalidContextException(
          key,
          "SNS allows at most "
              + MAX_COMBINATIONS
              + " combinations of values in a filter policy, got "
              + combinations);
    }
    return policy;
  }

  /**
   * Reads a filter policy scope: {@code MessageAttributes} (the default) or {@code MessageBody}.
   */
  static FilterScope parseScope(String key, String value) {
    return switch (value.trim()) {
      case "MessageAttributes" -> FilterScope.MESSAGE_ATTRIBUTES;
      case "MessageBody" -> FilterScope.MESSAGE_BODY;
      default ->
          throw new InvalidContextException(
              key, "'" + value + "' is not MessageAttributes or MessageBody");
    };
  }
}
