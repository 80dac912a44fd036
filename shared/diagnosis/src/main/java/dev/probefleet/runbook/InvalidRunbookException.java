package dev.probefleet.runbook;

import dev.probefleet.ProbefleetException;

/**
 * A runbook file that cannot be used. The message names the file, the entry and the field, e.g.
 * {@code runbook.yaml: runbooks[3] (CDN, LOAD_BALANCER / UPSTREAM_TIMEOUT), steps[4].use: no shared
 * step 'worker' or 'worker@CDN'; known: buffers, …}. The shipped file is checked by the build, so
 * meeting this at run time means a broken jar or an edited resource.
 */
public final class InvalidRunbookException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String entry;
  private final String field;

  public InvalidRunbookException(String source, String entry, String field, String problem) {
    super(describe(source, entry, field, problem));
    this.source = source;
    this.entry = entry;
    this.field = field;
  }

  private static String describe(String source, String entry, String field, String problem) {
    StringBuilder text = new StringBuilder(source).append(": ");
    if (entry != null && !entry.isEmpty()) {
      text.append(entry).append(", ");
    }
    if (field != null && !field.isEmpty()) {
      text.append(field).append(": ");
    }
    return text.append(problem).toString();
  }

  /** The file or resource read. */
  public String source() {
    return source;
  }

  /**
   * The offending entry, e.g. {@code runbooks[3] (ORIGIN / default)} or {@code shared step
   * 'workers'}; empty for a problem outside any entry.
   */
  public String entry() {
    return entry == null ? "" : entry;
  }

  /** The offending field inside the entry, e.g. {@code steps[2].action}. */
  public String field() {
    return field == null ? "" : field;
  }
}
