package dev.probefleet.captures;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a {@link RealSoftwareCapture} run recorded.
 *
 * @param results one per software asked for, in order
 */
public record CaptureReport(List<CaptureReport.SoftwareResult> results) {
  public CaptureReport {
    results = List.copyOf(results);
  }

  /**
   * One software's recording.
   *
   * @param software the software
   * @param skipped why it was not recorded at all (binary absent), if so
   * @param softwareVersion what it said of its version (empty when skipped)
   * @param captured the file written per scenario
   * @param failed why a scenario was not recorded, per scenario
   */
  public record SoftwareResult(
      Software software,
      Optional<String> skipped,
      String softwareVersion,
      Map<Scenario, Path> captured,
      Map<Scenario, String> failed) {
    public SoftwareResult {
      Objects.requireNonNull(software, "software");
      Objects.requireNonNull(skipped, "skipped");
      Objects.requireNonNull(softwareVersion, "softwareVersion");
      captured = Map.copyOf(captured);
      failed = Map.copyOf(failed);
    }

    static SoftwareResult skipped(Software software, String reason) {
      return new SoftwareResult(software, Optional.of(reason), "", Map.of(), Map.of());
    }
  }

  /** The result for one software, if it was asked for. */
  public Optional<SoftwareResult> of(Software software) {
    return results.stream().filter(r -> r.software() == software).findFirst();
  }

  /** Whether every scenario of every software that was present got recorded. */
  public boolean complete() {
    return results.stream().allMatch(r -> r.failed().isEmpty());
  }

  /** A few lines for a console. */
  public String summary() {
    return results.stream()
        .map(
            r ->
                r.skipped().isPresent()
                    ? r.software().id() + ": skipped — " + r.skipped().get()
                    : r.software().id()
                        + " ("
                        + r.softwareVersion()
                        + "): "
                        + r.captured().size()
                        + " recorded"
                        + (r.failed().isEmpty()
                            ? ""
                            : ", failed: "
                                + r.failed().entrySet().stream()
                                    .map(e -> e.getKey().id() + " — " + e.getValue())
                                    .collect(Collectors.joining("; "))))
        .collect(Collectors.joining("\n"));
  }
}
