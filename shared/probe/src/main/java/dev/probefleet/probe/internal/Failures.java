package dev.probefleet.probe.internal;

import java.util.Locale;

/** Reading what an I/O exception means, through the wrappers JSSE and the JDK put around it. */
final class Failures {
  private Failures() {}

  /** A TCP reset from the peer ("Connection reset", "Connection reset by peer", "Broken pipe"). */
  static boolean isReset(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("connection reset") || message.contains("broken pipe")) {
        return true;
      }
    }
    return false;
  }

  /** The first message in the cause chain, or the exception's simple name when there is none. */
  static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }
}
