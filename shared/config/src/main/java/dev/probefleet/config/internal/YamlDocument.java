package dev.probefleet.config.internal;

import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Turns YAML text into a node tree (SnakeYAML's compose step, never its object construction), so
 * every value keeps its line and column and duplicate keys stay visible.
 *
 * <p>Composing never expands aliases: an alias is the anchored node itself. The cost of a "billion
 * laughs" file therefore only shows when the tree is walked, which {@link Problems#visit()} bounds;
 * the alias cap here is a second fence.
 */
public final class YamlDocument {

  /** Aliases to lists or mappings allowed in one file (scalar aliases cost nothing). */
  public static final int MAX_COLLECTION_ALIASES = 1000;

  /** Nesting deeper than this is refused; the schema itself needs fewer than ten levels. */
  public static final int MAX_NESTING = 50;

  /** The longest plain (implicit) key YAML allows, in characters. */
  static final int MAX_KEY_LENGTH = 1024;

  private YamlDocument() {}

  /**
   * The document's root node; empty when the text holds no document, or when it is not YAML (then
   * the problem is reported).
   */
  public static Optional<Node> compose(String text, int maxCodePoints, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(maxCodePoints);
    options.setAllowRecursiveKeys(false);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    try {
      return Optional.ofNullable(yaml.compose(new StringReader(text)));
    } catch (MarkedYAMLException e) {
      Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String message = "not valid YAML: " + describe(e);
      if (at == null) {
        problems.file(message);
      } else {
        problems.at(at, "", message);
      }
    } catch (ReaderException e) {
      reportForbiddenCharacter(text, e.getCodePoint(), problems);
    } catch (YAMLException e) {
      problems.file(describe(e));
    }
    return Optional.empty();
  }

  /**
   * SnakeYAML refuses control characters (a NUL, an escape sequence pasted from a terminal) without
   * saying where; the first occurrence of the character it names is the one it met.
   */
  private static void reportForbiddenCharacter(String text, int codePoint, Problems problems) {
    int at = text.indexOf(codePoint);
    String message =
        String.format(
            "not valid YAML: the character U+%04X is not allowed (YAML forbids control"
                + " characters); remove it",
            codePoint);
    if (at < 0) {
      problems.file(message);
      return;
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    problems.at(line, text.codePointCount(lineStart, at) + 1, message);
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    if (problem.contains("(TAB)")) {
      return "a tab where YAML needs spaces (indent with spaces only)";
    }
    if (problem.equals("mapping values are not allowed here")
        && e.getProblemMark() != null
        && e.getProblemMark().getColumn() > MAX_KEY_LENGTH) {
      // SnakeYAML stops looking for a key's ':' after 1024 characters, then meets it here.
      return "a key longer than "
          + MAX_KEY_LENGTH
          + " characters ends here; YAML takes no longer plain key (is this meant as a key?)";
    }
    if (e.getContext() != null && e.getContext().contains("expected a single document")) {
      return "a second YAML document starts here; a targets file is one document";
    }
    Mark contextMark = e.getContextMark();
    if (e.getContext() == null || contextMark == null || contextMark == e.getProblemMark()) {
      return problem;
    }
    return problem
        + " ("
        + e.getContext().strip()
        + " that starts on line "
        + (contextMark.getLine() + 1)
        + ", column "
        + (contextMark.getColumn() + 1)
        + ")";
  }

  /**
   * SnakeYAML reports its limits without a position; these messages say which limit and why it is
   * there.
   */
  private static String describe(YAMLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("Number of aliases")) {
      return "the file uses more than "
          + MAX_COLLECTION_ALIASES
          + " YAML aliases to lists or mappings (a guard against alias bombs); write some values out";
    }
    if (message.startsWith("Nesting Depth exceeded")) {
      return "the YAML nests deeper than " + MAX_NESTING + " levels";
    }
    if (message.startsWith("The incoming YAML document exceeds the limit")) {
      return "the file is larger than the size limit";
    }
    return "not valid YAML: " + message;
  }
}
