package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An error answer, {@code application/problem+json} (RFC 9457) with one extension member: the query
 * parameter at fault. The types are URNs: stable names to switch on, not pages to fetch.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"type", "title", "status", "detail", "parameter"})
@Schema(description = "An error (RFC 9457 problem details).")
public record Problem(
    @Schema(
            description = "What kind of error",
            example = "urn:probefleet:problem:invalid-parameter")
        String type,
    @Schema(description = "The HTTP reason phrase", example = "Bad Request") String title,
    @Schema(description = "The HTTP status", example = "400") int status,
    @Schema(
            description = "What is wrong, for a person",
            example = "limit: must be between 1 and 1000, got 0")
        String detail,
    @Schema(
            description = "The parameter (query or path) at fault; null when none is",
            nullable = true,
            example = "limit")
        String parameter) {

  /** The media type of every error answer. */
  public static final String MEDIA_TYPE = "application/problem+json";

  public static final String INVALID_PARAMETER = "urn:probefleet:problem:invalid-parameter";
  public static final String NOT_FOUND = "urn:probefleet:problem:not-found";
  public static final String UNAVAILABLE = "urn:probefleet:problem:unavailable";
  public static final String INTERNAL = "urn:probefleet:problem:internal-error";

  /**
   * The type of an error answer of this status: a status without a name of its own by its number.
   */
  public static String typeOf(int status) {
    return switch (status) {
      case 400 -> INVALID_PARAMETER;
      case 404 -> NOT_FOUND;
      case 503 -> UNAVAILABLE;
      case 500 -> INTERNAL;
      default -> "urn:probefleet:problem:http-" + status;
    };
  }
}
