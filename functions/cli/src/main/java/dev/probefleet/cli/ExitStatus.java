package dev.probefleet.cli;

/** The exit statuses of every probefleet command (DESIGN §3). */
public final class ExitStatus {
  /** Every verdict NONE, or only warnings. */
  public static final int OK = 0;

  /** A verdict pages, or is INCONCLUSIVE. */
  public static final int ALERT = 1;

  /**
   * What a command was asked to show does not exist ({@code probefleet incident ID} of an unknown
   * id): like grep's "nothing matched", not bad usage, since the question was well formed.
   */
  public static final int NOT_FOUND = 1;

  /** Bad usage or configuration: stdout stays empty, stderr names the file, line and field. */
  public static final int USAGE = 2;

  /** probefleet's own fault. */
  public static final int INTERNAL = 3;

  private ExitStatus() {}
}
