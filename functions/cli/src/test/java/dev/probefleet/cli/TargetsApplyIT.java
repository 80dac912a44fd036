package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.Target;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.TargetRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probefleet targets apply} on the local store (DynamoDB Local under {@code --data}): what
 * it writes, what {@code --dry-run} leaves alone, and that the registry keeps the CA bundle it
 * inlined once the file is gone.
 */
class TargetsApplyIT {
  @TempDir Path dir;

  @Test
  void applyMakesTheRegistryHoldTheFileAndDryRunWritesNothing() throws Exception {
    String pem = TargetsFiles.caBundle(1);
    Path ca = TargetsFiles.write(dir, "ca.pem", pem);
    Path file = TargetsFiles.write(dir, "targets.yaml", TargetsCommandTest.TWO_TARGETS);
    String data = dir.resolve("data").toString();

    CommandRun first = apply(file, data);
    assertThat(first.out().lines())
        .containsExactly(
            "+ shop (added)",
            "+ blog (added)",
            "added 2, changed 0, removed 0, unchanged 0 (store local ("
                + dir.resolve("data").toAbsolutePath()
                + "))");
    // The CA bundle is in the registry, not a path to this machine's disk.
    Files.delete(ca);
    Target shop =
        registry(data).stream().filter(t -> t.name().equals("shop")).findFirst().orElseThrow();
    assertThat(shop.lb().orElseThrow().ca().orElseThrow().pem()).isEqualTo(pem);
    List<Target> before = registry(data);
    assertThat(before).extracting(Target::name).containsExactly("blog", "shop");

    // shop changes (a burst), blog goes, api comes.
    Path changed =
        TargetsFiles.write(
            dir,
            "targets.yaml",
            """
            targets:
              - name: shop
                burst: {requests: 5}
                paths:
                  cdn: {url: "https://shop.example.com/health"}
              - name: api
                paths:
                  origin: {url: "http://10.0.3.10/health"}
            """);
    CommandRun plan = apply(changed, data, "--dry-run");
    assertThat(plan.out().lines())
        .containsExactly(
            "+ api (would be added)",
            "~ shop (would be changed)",
            "- blog (would be removed)",
            "dry run, nothing written: added 1, changed 1, removed 1, unchanged 0 (store local ("
                + dir.resolve("data").toAbsolutePath()
                + "))");
    assertThat(registry(data)).as("a dry run writes nothing").isEqualTo(before);

    CommandRun applied = apply(changed, data);
    assertThat(applied.out().lines())
        .containsExactly(
            "+ api (added)",
            "~ shop (changed)",
            "- blog (removed)",
            "added 1, changed 1, removed 1, unchanged 0 (store local ("
                + dir.resolve("data").toAbsolutePath()
                + "))");
    assertThat(registry(data)).extracting(Target::name).containsExactly("api", "shop");
    assertThat(registry(data).get(1).burst().requests()).isEqualTo(5);

    assertThat(apply(changed, data).out()).contains("added 0, changed 0, removed 0, unchanged 2");

    // A file with a target too large for the registry writes nothing, not even its other targets.
    TargetsFiles.write(dir, "big.pem", TargetsFiles.caBundle(220 * 1024));
    Path big =
        TargetsFiles.write(
            dir,
            "big.yaml",
            """
            targets:
              - name: newcomer
                paths:
                  origin: {url: "http://10.0.0.1/health"}
              - name: big
                paths:
                  cdn: {url: "https://big.example.com/health", caFile: big.pem}
                  lb: {url: "https://lb.example.com/health", host: big.example.com, caFile: big.pem}
            """);
    List<Target> kept = registry(data);
    CommandRun refused = CommandRun.of("targets", "apply", big.toString(), "--data", data);
    assertThat(refused.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(refused.err()).contains("target 'big' would be stored in the registry as");
    assertThat(registry(data)).isEqualTo(kept);
  }

  private static CommandRun apply(Path file, String data, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "targets";
    args[1] = "apply";
    args[2] = file.toString();
    args[3] = "--data=" + data;
    System.arraycopy(more, 0, args, 4, more.length);
    CommandRun run = CommandRun.of(args);
    assertThat(run.status()).as(run.err()).isZero();
    return run;
  }

  /** The registry as stored, read by a fleet of its own on the same data directory. */
  private static List<Target> registry(String data) {
    try (Fleet fleet =
        Fleet.start(Map.of("probefleet.store.kind", "local", "probefleet.store.data-dir", data))) {
      return fleet.get(TargetRegistry.class).all();
    }
  }
}
