package dev.probefleet.aws.codec;

import dev.probefleet.ProbefleetException;

/** A stored value could not be decoded; the message names the item and the field. */
public class CodecException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
