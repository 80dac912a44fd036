package dev.probefleet.config;

import dev.probefleet.ProbefleetException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A targets file cannot be used. Carries every problem found in the file (not only the first), in
 * file order; the message lists them all, one per line, so a CLI can print it as it is.
 */
public class ConfigException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  /** Problems kept in one exception; a file with more only reports how many were left out. */
  public static final int MAX_PROBLEMS = 200;

  private final String file;
  private final List<ConfigProblem> problems;
  private final int omitted;

  /**
   * @param file the source name of the file
   * @param problems at least one problem
   * @param omitted problems found beyond those listed
   */
  public ConfigException(String file, List<ConfigProblem> problems, int omitted) {
    super(message(problems, omitted));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.file = file;
    this.problems = List.copyOf(problems);
    this.omitted = omitted;
  }

  /** The source name of the file. */
  public String file() {
    return file;
  }

  /** The problems found, in file order. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /** How many further problems were found but not listed (beyond {@link #MAX_PROBLEMS}). */
  public int omitted() {
    return omitted;
  }

  private static String message(List<ConfigProblem> problems, int omitted) {
    String listed =
        problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    return omitted == 0 ? listed : listed + "\n… and " + omitted + " more problems";
  }
}
