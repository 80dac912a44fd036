package dev.probefleet.captures.internal;

import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to run one piece of software as a reverse proxy on loopback: its configuration for a set of
 * routes (one listen port per scenario), its command line in the foreground, and where it logs.
 * Every setup keeps pid files, logs and caches in the work directory, and uses a 1 s timeout
 * towards the upstream so the timeout scenario stays short.
 */
public interface ProxySetup {
  /** The upstream timeout every setup configures. */
  Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(1);

  Software software();

  /** The scenarios this software is recorded in. */
  Set<Scenario> scenarios();

  /** The command that prints the version, e.g. {@code nginx -v}. */
  List<String> versionCommand(Path binary);

  /**
   * Writes the configuration into the work directory and says how to start it.
   *
   * @param asRoot whether this JVM runs as root (then the software may have to be told which user
   *     to drop to)
   */
  Launch prepare(Path binary, Path workDir, List<Route> routes, boolean asRoot) throws IOException;

  /** Requests sent (and not recorded) before the recorded one, e.g. to mark servers down. */
  default int warmUpRequests(Scenario scenario) {
    return 0;
  }

  /** Time to wait before the recorded request, e.g. for health checks to run. */
  default Duration settleBefore(Scenario scenario) {
    return Duration.ZERO;
  }

  /**
   * A log line that shows the software is ready for a route's scenario (e.g. its health checks
   * marked every server down); the recorder waits for it, within a bound, before the request.
   */
  default Optional<Pattern> readyWhenLogged(Route route) {
    return Optional.empty();
  }

  /**
   * The lines of the software's logs that are about a route's request; all by default. The
   * recorder's own readiness checks (connections opened and closed without a request) and
   * housekeeping lines are left out.
   */
  default boolean aboutRoute(String line, Route route) {
    return true;
  }

  /**
   * Extra log lines about the request just recorded that do not land in a file (Varnish keeps its
   * log in shared memory); empty by default.
   */
  default List<String> extraLog(Path binary, Path workDir) {
    return List.of();
  }

  /**
   * How to run the software.
   *
   * @param command the command line, in the foreground
   * @param environment extra environment variables
   * @param logs files the software logs requests' errors to, read after each request
   */
  record Launch(List<String> command, Map<String, String> environment, List<Path> logs) {
    public Launch {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
      logs = List.copyOf(logs);
    }
  }
}
