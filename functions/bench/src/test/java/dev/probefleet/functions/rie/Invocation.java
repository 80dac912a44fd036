package dev.probefleet.functions.rie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * One invocation through the emulator's HTTP endpoint, as Lambda's Invoke API returns it: the
 * status of the emulator's answer (200 for a function error too, as Lambda does), the raw response
 * payload, and the time from sending the request to the last byte of the answer.
 *
 * @param status the emulator's HTTP status
 * @param body the response payload, raw
 * @param elapsed request sent to response read
 */
public record Invocation(int status, String body, Duration elapsed) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The payload parsed as JSON. */
  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("the function's answer is not JSON: " + body, e);
    }
  }

  /**
   * The {@code errorType} of a function error ({@code {"errorType": "…", "errorMessage": "…"}}, the
   * shape the Java runtime reports an exception in); empty for a successful invocation.
   */
  public Optional<String> errorType() {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() && node.hasNonNull("errorType")
          ? Optional.of(node.get("errorType").asText())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The error's message, when {@link #errorType()} is present. */
  public Optional<String> errorMessage() {
    return errorType().map(t -> json().path("errorMessage").asText());
  }

  /** Whether the function returned a result (status 200 and no error payload). */
  public boolean succeeded() {
    return status == 200 && errorType().isEmpty();
  }

  /**
   * The result as JSON.
   *
   * @throws IllegalStateException with the error, when the invocation failed
   */
  public JsonNode result() {
    if (!succeeded()) {
      throw new IllegalStateException(
          "the invocation failed (HTTP " + status + "): " + (body.isBlank() ? "(no body)" : body));
    }
    return json();
  }
}
