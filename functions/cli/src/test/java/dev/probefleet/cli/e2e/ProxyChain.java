package dev.probefleet.cli.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * nginx (the CDN) → HAProxy (the load balancer) → an origin port, on loopback. Each hop's upstream
 * and HAProxy's server timeout are set per scenario, which is how the faults of the matrix are
 * injected into the real software.
 */
final class ProxyChain implements AutoCloseable {
  static final Path NGINX = Path.of("/usr/sbin/nginx");
  static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  /**
   * @param lbUpstreamPort where HAProxy's server line points
   * @param cdnUpstreamPort where nginx's proxy_pass points (normally HAProxy's port: -1)
   * @param haproxyServerTimeout HAProxy's {@code timeout server}
   */
  record Settings(int lbUpstreamPort, int cdnUpstreamPort, Duration haproxyServerTimeout) {}

  final int cdnPort;
  final int lbPort;
  private final List<ProxyProcess> processes = new ArrayList<>();

  private ProxyChain(int cdnPort, int lbPort) {
    this.cdnPort = cdnPort;
    this.lbPort = lbPort;
  }

  /** The command that installs what the chain runs, as {@code .ci/run} does. */
  static final String INSTALL = "apt-get install nginx haproxy";

  /** Why the chain cannot run here, if it cannot: the binaries missing. */
  static Optional<String> unavailable() {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(NGINX)) {
      missing.add("nginx (" + NGINX + ")");
    }
    if (!Files.isExecutable(HAPROXY)) {
      missing.add("haproxy (" + HAPROXY + ")");
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of("not installed: " + String.join(", ", missing));
  }

  static ProxyChain start(Path dir, Settings settings) {
    int lbPort = freePort();
    int cdnPort = freePort();
    ProxyChain chain = new ProxyChain(cdnPort, lbPort);
    try {
      chain.processes.add(startHaproxy(dir, lbPort, settings));
      int cdnUpstream = settings.cdnUpstreamPort() > 0 ? settings.cdnUpstreamPort() : lbPort;
      chain.processes.add(
          startNginx(
              dir,
              cdnPort,
              """
              proxy_pass http://127.0.0.1:%d;
              proxy_set_header Host $host;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              """
                  .formatted(cdnUpstream)));
      return chain;
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  private static ProxyProcess startHaproxy(Path dir, int port, Settings s) {
    String config =
        """
        global
          maxconn 256
        defaults
          mode http
          timeout connect 1s
          timeout client 30s
          timeout server %dms
        frontend lb
          bind 127.0.0.1:%d
          default_backend app
        backend app
          server origin 127.0.0.1:%d
        """
            .formatted(s.haproxyServerTimeout().toMillis(), port, s.lbUpstreamPort());
    Path file = write(dir.resolve("haproxy.cfg"), config);
    return ProxyProcess.start(
        "haproxy", List.of(HAPROXY.toString(), "-db", "-f", file.toString()), dir, port);
  }

  /**
   * nginx in the foreground with its pid file, logs and temp directories in {@code dir}, one server
   * on {@code port} whose only location holds {@code location}'s directives (one a line).
   */
  static ProxyProcess startNginx(Path dir, int port, String location) {
    StringBuilder conf = new StringBuilder();
    conf.append("daemon off;\nmaster_process on;\nworker_processes 1;\n");
    conf.append("pid ").append(dir.resolve("nginx.pid")).append(";\n");
    conf.append("error_log ").append(dir.resolve("nginx-error.log")).append(" warn;\n");
    if ("root".equals(System.getProperty("user.name"))) {
      conf.append("user root root;\n"); // workers must read the temp dirs below
    }
    conf.append("events { worker_connections 256; }\n");
    conf.append("http {\n");
    conf.append("  access_log ").append(dir.resolve("nginx-access.log")).append(";\n");
    for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      conf.append("  ")
          .append(temp)
          .append("_temp_path ")
          .append(dir.resolve("nginx-temp-" + temp))
          .append(";\n");
    }
    conf.append("  server {\n");
    conf.append("    listen 127.0.0.1:").append(port).append(";\n");
    conf.append("    location / {\n");
    location.lines().forEach(line -> conf.append("      ").append(line).append('\n'));
    conf.append("    }\n  }\n}\n");
    Path file = write(dir.resolve("nginx.conf"), conf.toString());
    return ProxyProcess.start(
        "nginx", List.of(NGINX.toString(), "-p", dir.toString(), "-c", file.toString()), dir, port);
  }

  /** A loopback port nothing listens on (bound, then released). */
  static int closedPort() {
    return freePort();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxies' own output, for a failing test's message. */
  String output() {
    StringBuilder all = new StringBuilder();
    for (ProxyProcess p : processes) {
      all.append("--- ").append(p).append('\n').append(p.output());
    }
    return all.toString();
  }

  @Override
  public void close() {
    for (ProxyProcess p : processes) {
      p.close();
    }
  }
}
