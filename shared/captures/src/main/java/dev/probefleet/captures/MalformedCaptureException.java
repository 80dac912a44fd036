package dev.probefleet.captures;

/** A capture file that is not in the capture format; the message names the file and the field. */
public final class MalformedCaptureException extends CapturesException {
  private static final long serialVersionUID = 1L;

  private final String source;

  public MalformedCaptureException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  public MalformedCaptureException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** The file or resource that was read. */
  public String source() {
    return source;
  }
}
