package dev.probefleet.incident;

import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import java.util.regex.Pattern;

/**
 * Path labels as probe results spell them ({@code cdn}, {@code lb}, {@code origin[i]}), and the
 * layer each belongs to. The label alone names the path, so stored certificate incidents keep only
 * the label.
 */
final class PathLabels {
  private static final Pattern ORIGIN = Pattern.compile("origin\\[(0|[1-9][0-9]{0,3})]");

  private PathLabels() {}

  /**
   * The kind of path a label names.
   *
   * @throws IllegalArgumentException for anything but {@code cdn}, {@code lb} or {@code origin[i]}
   */
  static PathKind kindOf(String label) {
    if ("cdn".equals(label)) {
      return PathKind.CDN;
    }
    if ("lb".equals(label)) {
      return PathKind.LB;
    }
    if (label != null && ORIGIN.matcher(label).matches()) {
      return PathKind.ORIGIN;
    }
    throw new IllegalArgumentException(
        "'" + label + "' is not a path label (cdn, lb or origin[i])");
  }

  /** cdn → CDN, lb → LOAD_BALANCER, origin → ORIGIN. */
  static Layer layerOf(PathKind kind) {
    return switch (kind) {
      case CDN -> Layer.CDN;
      case LB -> Layer.LOAD_BALANCER;
      case ORIGIN -> Layer.ORIGIN;
    };
  }
}
