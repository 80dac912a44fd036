package dev.probefleet.runbook.internal;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.runbook.InvalidRunbookException;
import dev.probefleet.runbook.RunbookResourceMissingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classic 502 checklist, arranged per (layer, cause), as read from a runbook file ({@value
 * #RESOURCE} ships in this jar): every pair resolves to the entry that names its cause for its
 * layer, else to the layer's default entry. {@code this} is the failing hop, {@code below} the hop
 * it talks to.
 */
public final class Checklist {
  /** The shipped runbook file on the class path. */
  public static final String RESOURCE = "dev/probefleet/runbook/runbook.yaml";

  private final Map<Layer, Map<Cause, List<Template>>> steps;
  private final Map<Layer, Set<Cause>> named;

  Checklist(Map<Layer, Map<Cause, List<Template>>> steps, Map<Layer, Set<Cause>> named) {
    this.steps = new EnumMap<>(steps);
    this.named = new EnumMap<>(named);
  }

  /** The shipped checklist, read once; a broken resource fails the first call. */
  public static Checklist shipped() {
    return Shipped.CHECKLIST;
  }

  /**
   * Reads a runbook file's content (YAML).
   *
   * @param source the file's name, for error messages
   * @throws InvalidRunbookException naming the entry and field of the first problem
   */
  public static Checklist parse(String source, String content) {
    return new ChecklistParser(source).parse(content);
  }

  /** The ordered step templates for a pair; never empty. */
  public List<Template> stepsFor(Layer layer, Cause cause) {
    return steps.get(layer).get(cause);
  }

  /**
   * Whether an entry names this cause for this layer, rather than the layer's default serving it.
   */
  public boolean names(Layer layer, Cause cause) {
    return named.get(layer).contains(cause);
  }

  private static final class Shipped {
    static final Checklist CHECKLIST = parse("runbook.yaml", resource());

    private static String resource() {
      try (InputStream in = Checklist.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new RunbookResourceMissingException(RESOURCE, null);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new RunbookResourceMissingException(RESOURCE, e);
      }
    }
  }
}
