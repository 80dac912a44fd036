package dev.probefleet.localstack;

/** No emulator could be started; the message says which one, why, and what to do about it. */
public class EmulatorUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmulatorUnavailableException(String message) {
    super(message);
  }

  public EmulatorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
