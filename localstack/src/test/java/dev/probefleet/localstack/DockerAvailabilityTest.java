package dev.probefleet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerAvailabilityTest {
  @TempDir Path home;

  @Test
  void dockerHostIsASign() {
    var probe = new DockerAvailability(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), home);
    assertThat(probe.noSignOfDocker()).isEmpty();
  }

  @Test
  void aRootlessSocketIsASign() throws IOException {
    Files.createDirectories(home.resolve("run"));
    Files.createFile(home.resolve("run/docker.sock"));
    var probe =
        new DockerAvailability(Map.of("XDG_RUNTIME_DIR", home.resolve("run").toString()), home);
    assertThat(probe.noSignOfDocker()).isEmpty();
  }

  @Test
  void withNoSignTheReasonIsOneLine() {
    var probe = new DockerAvailability(Map.of(), home);
    // The machine's own /var/run/docker.sock still counts; only assert where there is none.
    if (!Files.exists(Path.of("/var/run/docker.sock"))) {
      assertThat(probe.noSignOfDocker())
          .hasValue(
              "no Docker engine is reachable (DOCKER_HOST unset, no docker.sock in the usual"
                  + " places)");
    } else {
      assertThat(probe.noSignOfDocker()).isEmpty();
    }
  }
}
