package dev.probefleet.runbook;

import java.util.Objects;
import java.util.Optional;

/**
 * One next diagnostic step: what to do and why, and the command that does it when there is one.
 * Hosts, addresses and request ids are filled in from the evidence where known; what is not known
 * stays a visible placeholder such as {@code <backend-ip>}.
 *
 * @param action what to do, one or two sentences
 * @param command a shell command, if the step has one
 */
public record RunbookStep(String action, Optional<String> command) {
  public RunbookStep {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(command, "command");
  }
}
