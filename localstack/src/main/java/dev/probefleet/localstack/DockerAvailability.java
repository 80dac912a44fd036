package dev.probefleet.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine is reachable. Looks for the usual signs first (DOCKER_HOST, a socket
 * file, a Testcontainers config), so that on a machine without Docker nothing is asked of
 * Testcontainers — which would log a screen of errors — and only then asks Testcontainers to
 * connect. The answer is computed once per JVM.
 */
public final class DockerAvailability implements EmulatorSelection.DockerProbe {
  private static final DockerAvailability INSTANCE =
      new DockerAvailability(System.getenv(), Path.of(System.getProperty("user.home")));

  private final Map<String, String> env;
  private final Path home;
  private volatile Optional<String> answer;

  DockerAvailability(Map<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  /** The JVM-wide instance. */
  public static DockerAvailability instance() {
    return INSTANCE;
  }

  /** True when a Docker engine answered. */
  public boolean available() {
    return unavailableReason().isEmpty();
  }

  @Override
  public Optional<String> unavailableReason() {
    Optional<String> a = answer;
    if (a == null) {
      synchronized (this) {
        a = answer;
        if (a == null) {
          a = probe();
          answer = a;
        }
      }
    }
    return a;
  }

  private Optional<String> probe() {
    Optional<String> noSign = noSignOfDocker();
    if (noSign.isPresent()) {
      return noSign;
    }
    try {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.empty();
      }
      return Optional.of("no Docker engine answered (Testcontainers could not connect)");
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("no Docker engine answered (" + e.getMessage() + ")");
    }
  }

  /** Empty when there is some sign of a Docker engine, else a one-line reason. */
  Optional<String> noSignOfDocker() {
    if (notBlank(env.get("DOCKER_HOST"))) {
      return Optional.empty();
    }
    List<Path> sockets = new ArrayList<>();
    sockets.add(Path.of("/var/run/docker.sock"));
    sockets.add(home.resolve(".docker/run/docker.sock"));
    sockets.add(home.resolve(".docker/desktop/docker.sock"));
    sockets.add(home.resolve(".colima/default/docker.sock"));
    sockets.add(home.resolve(".rd/docker.sock"));
    String runtimeDir = env.get("XDG_RUNTIME_DIR");
    if (notBlank(runtimeDir)) {
      sockets.add(Path.of(runtimeDir, "docker.sock"));
      sockets.add(Path.of(runtimeDir, "podman/podman.sock"));
    }
    for (Path socket : sockets) {
      if (Files.exists(socket)) {
        return Optional.empty();
      }
    }
    if (Files.exists(home.resolve(".testcontainers.properties"))) {
      return Optional.empty();
    }
    return Optional.of(
        "no Docker engine is reachable (DOCKER_HOST unset, no docker.sock in the usual places)");
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
