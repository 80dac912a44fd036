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
 * Apache httpd with mod_proxy and mod_proxy_http: one virtual host per route with {@code
 * ProxyPass}. The configuration is standalone (it loads its modules by path) and sets what Debian's
 * {@code security.conf} sets ({@code ServerTokens OS}, {@code ServerSignature On}), so the pages
 * look like those of a stock Debian install.
 */
public final class ApacheSetup implements ProxySetup {
  private static final Path MODULES = Path.of("/usr/lib/apache2/modules");

  @Override
  public Software software() {
    return Software.APACHE;
  }

  /** Apache's balancer would be needed for a health-checked group; it is not recorded here. */
  @Override
  public Set<Scenario> scenarios() {
    return EnumSet.complementOf(EnumSet.of(Scenario.NO_HEALTHY_UPSTREAM));
  }

  @Override
  public List<String> versionCommand(Path binary) {
    return List.of(binary.toString(), "-v");
  }

  @Override
  public Launch prepare(Path binary, Path dir, List<Route> routes, boolean asRoot)
      throws IOException {
    Path modules = modulesDirectory(binary);
    StringBuilder conf = new StringBuilder();
    conf.append("ServerRoot \"").append(dir).append("\"\n");
    conf.append("ServerName capture.localhost\n");
    conf.append("PidFile \"").append(dir.resolve("apache.pid")).append("\"\n");
    conf.append("DefaultRuntimeDir \"").append(dir).append("\"\n");
    conf.append("ErrorLog \"").append(dir.resolve("error.log")).append("\"\n");
    conf.append("LogLevel warn\n");
    for (String module : List.of("mpm_event", "authz_core", "proxy", "proxy_http", "ssl")) {
      conf.append("LoadModule ")
          .append(module)
          .append("_module \"")
          .append(modules.resolve("mod_" + module + ".so"))
          .append("\"\n");
    }
    if (asRoot) {
      conf.append("User www-data\nGroup www-data\n");
    }
    conf.append("ServerTokens OS\nServerSignature On\n");
    conf.append("ProxyRequests Off\n");
    conf.append("ProxyTimeout ").append(UPSTREAM_TIMEOUT.toSeconds()).append("\n");
    conf.append("StartServers 1\nServerLimit 1\nMinSpareThreads 1\nMaxSpareThreads 25\n");
    conf.append("ThreadsPerChild 25\nMaxRequestWorkers 25\n");
    for (Route route : routes) {
      StringBuilder tls = new StringBuilder();
      String target =
          switch (route.upstream()) {
            case Route.Upstream.Tcp t -> "http://127.0.0.1:" + t.port() + "/";
            case Route.Upstream.Tls t -> {
              tls.append("  SSLProxyEngine on\n  SSLProxyVerify require\n")
                  .append("  SSLProxyCACertificateFile \"")
                  .append(t.trustedCertificates())
                  .append("\"\n");
              yield "https://" + t.serverName() + ":" + t.port() + "/";
            }
            case Route.Upstream.UnixSocket u -> "unix:" + u.path() + "|http://localhost/";
            case Route.Upstream.Group g ->
                throw new IllegalArgumentException("Apache routes take no groups");
          };
      conf.append("Listen 127.0.0.1:").append(route.listenPort()).append("\n");
      conf.append("<VirtualHost 127.0.0.1:").append(route.listenPort()).append(">\n");
      conf.append(tls);
      conf.append("  ProxyPass \"/\" \"").append(target).append("\"\n");
      conf.append("</VirtualHost>\n");
    }
    Path file = dir.resolve("apache.conf");
    Files.writeString(file, conf);
    return new Launch(
        List.of(binary.toString(), "-f", file.toString(), "-DFOREGROUND"),
        Map.of(),
        List.of(dir.resolve("error.log")));
  }

  private static Path modulesDirectory(Path binary) {
    if (Files.isDirectory(MODULES)) {
      return MODULES;
    }
    Path sibling = binary.getParent().resolveSibling("modules");
    return Files.isDirectory(sibling) ? sibling : MODULES;
  }
}
