package dev.probefleet.config.internal;

import dev.probefleet.config.ConfigException;
import dev.probefleet.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects the problems of one file, so a load reports all of them at once, and counts the values
 * the reader visits so a file that aliases its way to an enormous expansion is stopped.
 */
public final class Problems {

  /**
   * Values the reader may visit in one file. A legitimate file of thousands of targets stays far
   * below; only aliases that multiply each other get near it.
   */
  public static final long MAX_VISITS = 1_000_000;

  private final String source;
  private final long maxVisits;
  private final List<ConfigProblem> kept = new ArrayList<>();
  private int omitted;
  private long visits;

  public Problems(String source) {
    this(source, MAX_VISITS);
  }

  Problems(String source, long maxVisits) {
    this.source = source;
    this.maxVisits = maxVisits;
  }

  /** The source name problems are reported under. */
  public String source() {
    return source;
  }

  /** A problem at a YAML node. */
  public void at(Node node, String field, String message) {
    at(node.getStartMark(), field, message);
  }

  /** A problem at a position SnakeYAML reported (0-based line and column). */
  public void at(Mark mark, String field, String message) {
    add(new ConfigProblem(source, mark.getLine() + 1, mark.getColumn() + 1, field, message));
  }

  /** A problem at a 1-based position. */
  public void at(int line, int column, String message) {
    add(new ConfigProblem(source, line, column, "", message));
  }

  /** A problem about the whole file. */
  public void file(String message) {
    add(new ConfigProblem(source, 0, 0, "", message));
  }

  /** Problems found so far, including omitted ones. */
  public int count() {
    return kept.size() + omitted;
  }

  /**
   * Counts one visited value.
   *
   * @throws ExpansionLimitExceeded past {@link #MAX_VISITS}
   */
  public void visit() {
    if (++visits > maxVisits) {
      throw new ExpansionLimitExceeded(maxVisits);
    }
  }

  /** Forgets every problem but one about the whole file: the others are noise next to it. */
  public void replaceAllWith(String message) {
    kept.clear();
    omitted = 0;
    file(message);
  }

  /** The exception listing the problems in file order. */
  public ConfigException exception() {
    List<ConfigProblem> sorted = new ArrayList<>(kept);
    sorted.sort(
        Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    return new ConfigException(source, sorted, omitted);
  }

  private void add(ConfigProblem problem) {
    if (kept.size() < ConfigException.MAX_PROBLEMS) {
      kept.add(problem);
    } else {
      omitted++;
    }
  }

  /** Thrown by {@link #visit()} to abandon a walk that aliases have made too large. */
  public static final class ExpansionLimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExpansionLimitExceeded(long limit) {
      super("more than " + limit + " values", null, false, false);
    }
  }
}
