package dev.probefleet.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong with a targets file, located the way compilers do it: {@code FILE:LINE:COLUMN:
 * FIELD: message}, e.g. {@code targets.yaml:12:9: targets[0].paths.lb: unknown key 'timout' (did
 * you mean 'timeout'?)}.
 *
 * <p>Fields are written {@code targets[INDEX].…} (the index is unambiguous even when names are
 * missing or duplicated), origins in a list as {@code paths.origin[INDEX]}, headers as {@code
 * headers.NAME}.
 *
 * @param file the source name the file was loaded under
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when the problem concerns the whole file
 * @param field where in the schema, or empty when the problem concerns the whole file
 * @param message what is wrong and, where it helps, how to fix it
 */
public record ConfigProblem(String file, int line, int column, String field, String message)
    implements Serializable {

  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column are 1-based, or 0 when unknown");
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (!field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(message).toString();
  }
}
