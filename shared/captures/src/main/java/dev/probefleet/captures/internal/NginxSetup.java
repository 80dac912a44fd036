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
 * nginx as a reverse proxy: one {@code server} per route, {@code proxy_pass} to its upstream; to a
 * TLS upstream with {@code proxy_ssl_verify on} (off by default) and the CA it is told to trust.
 */
public final class NginxSetup implements ProxySetup {
  @Override
  public Software software() {
    return Software.NGINX;
  }

  @Override
  public Set<Scenario> scenarios() {
    return EnumSet.allOf(Scenario.class);
  }

  @Override
  public List<String> versionCommand(Path binary) {
    return List.of(binary.toString(), "-v");
  }

  /**
   * nginx never marks the only server of a group down, so the group has two closed servers; the
   * warm-up request fails on both and marks them, and the recorded one finds no live upstream.
   */
  @Override
  public int warmUpRequests(Scenario scenario) {
    return scenario == Scenario.NO_HEALTHY_UPSTREAM ? 1 : 0;
  }

  @Override
  public Launch prepare(Path binary, Path dir, List<Route> routes, boolean asRoot)
      throws IOException {
    long timeout = UPSTREAM_TIMEOUT.toSeconds();
    StringBuilder conf = new StringBuilder();
    conf.append("daemon off;\nmaster_process on;\nworker_processes 1;\n");
    conf.append("pid ").append(dir.resolve("nginx.pid")).append(";\n");
    conf.append("error_log ").append(dir.resolve("error.log")).append(" warn;\n");
    if (asRoot) {
      conf.append("user nobody nogroup;\n");
    }
    conf.append("events { worker_connections 64; }\n");
    conf.append("http {\n");
    conf.append("  access_log ").append(dir.resolve("access.log")).append(";\n");
    for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      conf.append("  ")
          .append(temp)
          .append("_temp_path ")
          .append(dir.resolve("temp").resolve(temp))
          .append(";\n");
    }
    conf.append("  proxy_connect_timeout ").append(timeout).append("s;\n");
    conf.append("  proxy_read_timeout ").append(timeout).append("s;\n");
    for (Route route : routes) {
      StringBuilder tls = new StringBuilder();
      String target =
          switch (route.upstream()) {
            case Route.Upstream.Tcp t -> "http://127.0.0.1:" + t.port();
            case Route.Upstream.Tls t -> {
              tls.append(" proxy_ssl_verify on;")
                  .append(" proxy_ssl_trusted_certificate ")
                  .append(t.trustedCertificates())
                  .append("; proxy_ssl_server_name on; proxy_ssl_name ")
                  .append(t.serverName())
                  .append(";");
              yield "https://127.0.0.1:" + t.port();
            }
            case Route.Upstream.UnixSocket u -> "http://unix:" + u.path() + ":";
            case Route.Upstream.Group g -> {
              conf.append("  upstream group_").append(route.name()).append(" {\n");
              for (int port : g.ports()) {
                conf.append("    server 127.0.0.1:")
                    .append(port)
                    .append(" max_fails=1 fail_timeout=60s;\n");
              }
              conf.append("  }\n");
              yield "http://group_" + route.name();
            }
          };
      conf.append("  server {\n    listen 127.0.0.1:").append(route.listenPort()).append(";\n");
      conf.append("    location / { proxy_pass ").append(target).append(";");
      conf.append(tls).append(" }\n  }\n");
    }
    conf.append("}\n");
    Files.createDirectories(dir.resolve("temp"));
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    return new Launch(
        List.of(
            binary.toString(),
            "-p",
            dir + "/",
            "-c",
            file.toString(),
            "-e",
            dir.resolve("error.log").toString()),
        Map.of(),
        List.of(dir.resolve("error.log")));
  }
}
