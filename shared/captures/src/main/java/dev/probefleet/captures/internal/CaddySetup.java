package dev.probefleet.captures.internal;

import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Caddy with one plain-HTTP site per route and {@code reverse_proxy}; the admin endpoint and
 * automatic HTTPS are off, and its data and config directories point into the work directory. Its
 * error log (JSON on stderr) is recorded with each page. The transport sets {@code
 * max_response_header 16KB}: Go's default limit (10 MB) would pass the oversized-header scenario
 * through.
 */
public final class CaddySetup implements ProxySetup {
  @Override
  public Software software() {
    return Software.CADDY;
  }

  @Override
  public Set<Scenario> scenarios() {
    return EnumSet.complementOf(EnumSet.of(Scenario.NO_HEALTHY_UPSTREAM));
  }

  @Override
  public List<String> versionCommand(Path binary) {
    return List.of(binary.toString(), "version");
  }

  @Override
  public Launch prepare(Path binary, Path dir, List<Route> routes, boolean asRoot)
      throws IOException {
    long timeout = UPSTREAM_TIMEOUT.toSeconds();
    StringBuilder conf = new StringBuilder();
    conf.append("{\n  admin off\n  auto_https off\n");
    conf.append("  storage file_system ").append(dir.resolve("data")).append("\n}\n\n");
    for (Route route : routes) {
      StringBuilder tls = new StringBuilder();
      String target =
          switch (route.upstream()) {
            case Route.Upstream.Tcp t -> "127.0.0.1:" + t.port();
            case Route.Upstream.Tls t -> {
              tls.append("      tls_trusted_ca_certs ")
                  .append(t.trustedCertificates())
                  .append("\n      tls_server_name ")
                  .append(t.serverName())
                  .append("\n");
              yield "https://127.0.0.1:" + t.port();
            }
            case Route.Upstream.UnixSocket u -> "unix/" + u.path();
            case Route.Upstream.Group g ->
                throw new IllegalArgumentException("Caddy routes take no groups");
          };
      conf.append("http://:").append(route.listenPort()).append(" {\n  bind 127.0.0.1\n");
      conf.append("  reverse_proxy ").append(target).append(" {\n");
      conf.append("    transport http {\n");
      conf.append("      dial_timeout ").append(timeout).append("s\n");
      conf.append("      response_header_timeout ").append(timeout).append("s\n");
      conf.append("      max_response_header 16KB\n");
      conf.append(tls);
      conf.append("    }\n  }\n}\n\n");
    }
    Path file = dir.resolve("Caddyfile");
    Files.writeString(file, conf);
    return new Launch(
        List.of(binary.toString(), "run", "--config", file.toString(), "--adapter", "caddyfile"),
        Map.of(
            "HOME", dir.toString(),
            "XDG_DATA_HOME", dir.resolve("data").toString(),
            "XDG_CONFIG_HOME", dir.resolve("config").toString()),
        List.of(dir.resolve("caddy.stderr")));
  }
}
