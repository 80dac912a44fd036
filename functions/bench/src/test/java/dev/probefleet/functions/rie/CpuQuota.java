package dev.probefleet.functions.rie;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A CPU limit for a process tree, as Lambda gives a function a share of a vCPU in proportion to its
 * memory: a cgroup with a CFS quota ({@code cpu.max} on cgroup v2, {@code cpu.cfs_quota_us} on v1).
 * Needs root (or a delegated cgroup); {@link #create} says why when it cannot.
 */
final class CpuQuota implements AutoCloseable {
  private static final long PERIOD_US = 100_000;
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private final Path dir;
  private final double vcpus;

  private CpuQuota(Path dir, double vcpus) {
    this.dir = dir;
    this.vcpus = vcpus;
  }

  /**
   * Creates a cgroup limited to {@code vcpus} of CPU time per wall second.
   *
   * @throws IllegalStateException naming why the machine does not allow it
   */
  static CpuQuota create(String name, double vcpus) {
    if (!(vcpus > 0)) {
      throw new IllegalArgumentException("vcpus must be positive, got " + vcpus);
    }
    long quota = Math.max(1_000, Math.round(vcpus * PERIOD_US));
    String group = "probefleet-" + name + "-" + ProcessHandle.current().pid();
    try {
      Optional<Path> v1 = cgroupV1CpuMount();
      if (v1.isPresent()) {
        Path dir = v1.get().resolve(group);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        return new CpuQuota(dir, vcpus);
      }
      String controllers =
          Files.isReadable(ROOT.resolve("cgroup.controllers"))
              ? Files.readString(ROOT.resolve("cgroup.controllers"))
              : "";
      if (controllers.contains("cpu")) {
        Files.writeString(ROOT.resolve("cgroup.subtree_control"), "+cpu");
        Path dir = ROOT.resolve(group);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cpu.max"), quota + " " + PERIOD_US);
        return new CpuQuota(dir, vcpus);
      }
      throw new IllegalStateException("no cgroup cpu controller under " + ROOT);
    } catch (IOException | SecurityException e) {
      throw new IllegalStateException(
          "cannot create a CPU-limited cgroup (needs root and a writable cgroup cpu controller): "
              + e,
          e);
    }
  }

  private static Optional<Path> cgroupV1CpuMount() {
    for (String name : new String[] {"cpu", "cpu,cpuacct", "cpuacct,cpu"}) {
      Path p = ROOT.resolve(name);
      if (Files.isRegularFile(p.resolve("cpu.cfs_quota_us"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Moves a process into the group; the processes it starts afterwards stay in it. */
  void add(long pid) {
    try {
      Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot move process " + pid + " into " + dir + ": " + e, e);
    }
  }

  double vcpus() {
    return vcpus;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.3f vCPU (cgroup %s)", vcpus, dir);
  }

  /** Removes the group (its processes must have ended). */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A process still in it keeps the directory; it goes when the machine's cgroups are reset.
      System.err.println("could not remove cgroup " + dir + ": " + e);
    }
  }
}
