package dev.probefleet.cli;

import dev.probefleet.ProbefleetException;

/** Bad usage a command discovers itself (beyond what picocli checks): exit status 2. */
final class UsageException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
