package dev.probefleet.captures.internal;

import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HAProxy in HTTP mode: one frontend and backend per route, {@code option httplog} to stdout so the
 * termination state of each request is recorded with its page.
 */
public final class HaproxySetup implements ProxySetup {
  @Override
  public Software software() {
    return Software.HAPROXY;
  }

  @Override
  public Set<Scenario> scenarios() {
    return EnumSet.allOf(Scenario.class);
  }

  @Override
  public List<String> versionCommand(Path binary) {
    return List.of(binary.toString(), "-v");
  }

  /** The health checks (every 200 ms, one failure marks a server down) need a moment. */
  @Override
  public Duration settleBefore(Scenario scenario) {
    return scenario == Scenario.NO_HEALTHY_UPSTREAM ? Duration.ofMillis(500) : Duration.ZERO;
  }

  /** HAProxy says when the health checks have taken the backend's last server down. */
  @Override
  public Optional<Pattern> readyWhenLogged(Route route) {
    return route.scenario() == Scenario.NO_HEALTHY_UPSTREAM
        ? Optional.of(Pattern.compile("backend be_" + route.name() + " has no server available"))
        : Optional.empty();
  }

  /** This route's request line, or its backend's state changes; never the readiness probes. */
  @Override
  public boolean aboutRoute(String line, Route route) {
    return line.matches(".*\\b(fe|be)_" + route.name() + "\\b.*") && !line.contains("<BADREQ>");
  }

  @Override
  public Launch prepare(Path binary, Path dir, List<Route> routes, boolean asRoot)
      throws IOException {
    long timeout = UPSTREAM_TIMEOUT.toMillis();
    StringBuilder conf = new StringBuilder();
    conf.append("global\n  log stdout format raw local0 info\n  maxconn 64\n\n");
    conf.append("defaults\n  mode http\n  log global\n  option httplog\n");
    conf.append("  timeout connect ").append(timeout).append("ms\n");
    conf.append("  timeout client 10s\n");
    conf.append("  timeout server ").append(timeout).append("ms\n");
    conf.append("  retries 1\n\n");
    for (Route route : routes) {
      String name = route.name();
      conf.append("frontend fe_").append(name).append("\n");
      conf.append("  bind 127.0.0.1:").append(route.listenPort()).append("\n");
      conf.append("  default_backend be_").append(name).append("\n\n");
      conf.append("backend be_").append(name).append("\n");
      switch (route.upstream()) {
        case Route.Upstream.Tcp t ->
            conf.append("  server app 127.0.0.1:").append(t.port()).append("\n");
        case Route.Upstream.Tls t ->
            conf.append("  server app 127.0.0.1:")
                .append(t.port())
                .append(" ssl verify required ca-file ")
                .append(t.trustedCertificates())
                .append(" sni str(")
                .append(t.serverName())
                .append(")\n");
        case Route.Upstream.UnixSocket u ->
            conf.append("  server app unix@").append(u.path()).append("\n");
        case Route.Upstream.Group g -> {
          int i = 1;
          for (int port : g.ports()) {
            conf.append("  server app")
                .append(i++)
                .append(" 127.0.0.1:")
                .append(port)
                .append(" check inter 200ms fall 1 rise 2\n");
          }
        }
      }
      conf.append("\n");
    }
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, conf);
    return new Launch(
        List.of(binary.toString(), "-db", "-f", file.toString()),
        Map.of(),
        List.of(dir.resolve("haproxy.stdout")));
  }
}
