package dev.probefleet.attribution;

import dev.probefleet.model.PathKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-path evidence a verdict rests on, from one region: the first affected region, or the
 * first region when nothing failed. An origin that region may not probe ({@code probeFrom}) is
 * shown as another region probed it, with that region named on the path.
 *
 * @param region the region the paths were taken from
 * @param paths cdn, lb, then the origins in order; only paths that were probed
 * @param latency each layer's added latency in that region
 */
public record Evidence(String region, List<PathEvidence> paths, AddedLatency latency) {
  public Evidence {
    Objects.requireNonNull(region, "region");
    paths = List.copyOf(paths);
    Objects.requireNonNull(latency, "latency");
  }

  /** The CDN path, if probed. */
  public Optional<PathEvidence> cdn() {
    return paths.stream().filter(p -> p.kind() == PathKind.CDN).findFirst();
  }

  /** The load balancer path, if probed. */
  public Optional<PathEvidence> lb() {
    return paths.stream().filter(p -> p.kind() == PathKind.LB).findFirst();
  }

  /** The origin paths, in instance order. */
  public List<PathEvidence> origins() {
    return paths.stream().filter(p -> p.kind() == PathKind.ORIGIN).toList();
  }

  /** A path by label ({@code cdn}, {@code lb}, {@code origin[1]}). */
  public Optional<PathEvidence> path(String label) {
    return paths.stream().filter(p -> p.label().equals(label)).findFirst();
  }
}
