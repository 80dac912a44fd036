package dev.probefleet.fingerprint;

/**
 * A response document for {@code probefleet explain --response} that is not one: the message names
 * the file and the field, e.g. {@code resp.json: 'status' must be a number between 100 and 999, got
 * "502"}.
 */
public final class InvalidResponseDocumentException extends FingerprintException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String field;

  public InvalidResponseDocumentException(String source, String field, String problem) {
    super(source + ": " + (field.isEmpty() ? "" : "'" + field + "' ") + problem);
    this.source = source;
    this.field = field;
  }

  public InvalidResponseDocumentException(
      String source, String field, String problem, Throwable cause) {
    super(source + ": " + (field.isEmpty() ? "" : "'" + field + "' ") + problem, cause);
    this.source = source;
    this.field = field;
  }

  /** The file read. */
  public String source() {
    return source;
  }

  /** The offending field, e.g. {@code headers.Set-Cookie}; empty for the document as a whole. */
  public String field() {
    return field;
  }
}
