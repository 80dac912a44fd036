package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.runbook.RunbookStep;
import io.swagger.v3.oas.annotations.media.Schema;

/** One next diagnostic step. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"action", "command"})
@Schema(description = "One next diagnostic step.")
public record RunbookStepView(
    @Schema(description = "What to do and why") String action,
    @Schema(
            description = "A shell command that does it, with placeholders such as <backend-ip>",
            nullable = true)
        String command) {

  static RunbookStepView of(RunbookStep step) {
    return new RunbookStepView(step.action(), step.command().orElse(null));
  }
}
