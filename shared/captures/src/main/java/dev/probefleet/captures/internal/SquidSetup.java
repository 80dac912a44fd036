package dev.probefleet.captures.internal;

import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Squid as a reverse proxy (accelerator): one named {@code http_port} per route, each allowed to
 * one {@code cache_peer originserver}. Run as root, Squid refuses to stay root and switches to the
 * {@code proxy} user, so its work directory is made writable for that user.
 */
public final class SquidSetup implements ProxySetup {
  @Override
  public Software software() {
    return Software.SQUID;
  }

  /**
   * Not the untrusted TLS upstream: Debian's Squid is built with GnuTLS, answers a bare {@code
   * ERR_READ_ERROR 0} and logs nothing about the certificate at the default level, so the recording
   * would say nothing the refused one does not.
   */
  @Override
  public Set<Scenario> scenarios() {
    return EnumSet.complementOf(
        EnumSet.of(
            Scenario.NO_HEALTHY_UPSTREAM,
            Scenario.MISSING_SOCKET,
            Scenario.UPSTREAM_TLS_UNTRUSTED));
  }

  @Override
  public List<String> versionCommand(Path binary) {
    return List.of(binary.toString(), "-v");
  }

  @Override
  public boolean aboutRoute(String line, Route route) {
    return !line.contains("pinger:")
        && !line.contains("storeLateRelease")
        && !line.contains("transaction-end-before-headers");
  }

  @Override
  public Launch prepare(Path binary, Path dir, List<Route> routes, boolean asRoot)
      throws IOException {
    long timeout = UPSTREAM_TIMEOUT.toSeconds();
    StringBuilder conf = new StringBuilder();
    if (asRoot) {
      conf.append("cache_effective_user proxy\n");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    conf.append("visible_hostname probefleet-capture\n");
    conf.append("pid_filename ").append(dir.resolve("squid.pid")).append("\n");
    conf.append("cache_log ").append(dir.resolve("cache.log")).append("\n");
    conf.append("access_log stdio:").append(dir.resolve("access.log")).append("\n");
    conf.append("cache_store_log none\n");
    conf.append("coredump_dir ").append(dir).append("\n");
    conf.append("netdb_filename none\n");
    conf.append("icp_port 0\nhtcp_port 0\n");
    conf.append("shutdown_lifetime 1 seconds\n");
    conf.append("cache deny all\n");
    conf.append("never_direct allow all\n");
    conf.append("connect_timeout ").append(timeout).append(" seconds\n");
    conf.append("peer_connect_timeout ").append(timeout).append(" seconds\n");
    conf.append("read_timeout ").append(timeout).append(" seconds\n");
    conf.append("acl loopback src 127.0.0.0/8\n");
    conf.append("http_access allow loopback\nhttp_access deny all\n");
    for (Route route : routes) {
      String name = route.name();
      int port = route.upstream().tcpPorts().getFirst();
      conf.append("http_port 127.0.0.1:")
          .append(route.listenPort())
          .append(" accel defaultsite=shop.example.test no-vhost name=")
          .append(name)
          .append("\n");
      conf.append("cache_peer 127.0.0.1 parent ")
          .append(port)
          .append(" 0 no-query no-digest originserver")
          .append(" name=peer_")
          .append(name)
          .append("\n");
      conf.append("acl at_").append(name).append(" myportname ").append(name).append("\n");
      conf.append("cache_peer_access peer_")
          .append(name)
          .append(" allow at_")
          .append(name)
          .append("\n");
      conf.append("cache_peer_access peer_").append(name).append(" deny all\n");
    }
    Path file = dir.resolve("squid.conf");
    Files.writeString(file, conf);
    return new Launch(
        List.of(binary.toString(), "-N", "-f", file.toString()),
        Map.of(),
        List.of(dir.resolve("cache.log"), dir.resolve("access.log")));
  }
}
