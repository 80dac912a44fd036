package dev.probefleet.cli.soak;

/**
 * The soak itself could not run or measure: a bad argument, the fleet process dying before its
 * time, a measurement tool failing. Never a verdict about the fleet — that is {@link SoakReport}.
 */
final class SoakException extends RuntimeException {
  SoakException(String message) {
    super(message);
  }

  SoakException(String message, Throwable cause) {
    super(message, cause);
  }
}
