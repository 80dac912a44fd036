package dev.probefleet.cli.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The web and application servers of one scenario — Apache httpd with mod_proxy, nginx in front of
 * php-fpm or gunicorn — each configured in a directory of its own under the scenario's, listening
 * on a loopback port chosen at run time, and stopped with all its children on {@link #close()}.
 *
 * <p>Run as root, the daemons that refuse to serve as root (Apache's children, php-fpm's pool) are
 * told to switch to {@code www-data}, as Debian's own configuration does, and what they must read
 * is made readable for that user.
 */
final class RealServers implements AutoCloseable {
  static final Path APACHE_BINARY = Path.of("/usr/sbin/apache2");
  static final Path APACHE_MODULES = Path.of("/usr/lib/apache2/modules");
  static final Path GUNICORN_BINARY = Path.of("/usr/bin/gunicorn");
  private static final Path SBIN = Path.of("/usr/sbin");
  private static final String UNPRIVILEGED = "www-data";

  /** A program a scenario needs, and the Debian package that installs it. */
  enum Software {
    NGINX("nginx", "nginx"),
    HAPROXY("haproxy", "haproxy"),
    APACHE("apache2 with mod_proxy_http", "apache2"),
    PHP_FPM("php-fpm", "php-fpm"),
    GUNICORN("gunicorn", "gunicorn");

    final String description;
    final String debianPackage;

    Software(String description, String debianPackage) {
      this.description = description;
      this.debianPackage = debianPackage;
    }

    Optional<Path> binary() {
      return switch (this) {
        case NGINX -> executable(ProxyChain.NGINX);
        case HAPROXY -> executable(ProxyChain.HAPROXY);
        case APACHE ->
            executable(APACHE_BINARY)
                .filter(b -> Files.isRegularFile(APACHE_MODULES.resolve("mod_proxy_http.so")));
        case PHP_FPM -> phpFpm();
        case GUNICORN -> executable(GUNICORN_BINARY);
      };
    }
  }

  private final Path dir;
  private final List<ProxyProcess> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();

  /** Servers whose directories go under {@code dir}. */
  RealServers(Path dir) {
    this.dir = dir;
  }

  /** Why these programs cannot run here, if some cannot. */
  static Optional<String> unavailable(Collection<Software> needed) {
    List<Software> missing = missing(needed);
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "not installed: "
                + String.join(", ", missing.stream().map(s -> s.description).toList()));
  }

  /** The command that installs the missing ones of these programs. */
  static String install(Collection<Software> needed) {
    return "apt-get install "
        + String.join(" ", missing(needed).stream().map(s -> s.debianPackage).distinct().toList());
  }

  private static List<Software> missing(Collection<Software> needed) {
    return needed.stream().filter(s -> s.binary().isEmpty()).toList();
  }

  /**
   * Apache httpd as a reverse proxy: {@code ProxyPass / http://127.0.0.1:upstream/} with {@code
   * ProxyTimeout}, the pages and signature of a stock Debian install ({@code ServerTokens OS},
   * {@code ServerSignature On}).
   */
  void apacheProxy(String name, int port, int upstream, Duration proxyTimeout) {
    Path home = home(name);
    Path errorLog = home.resolve("error.log");
    StringBuilder conf = new StringBuilder();
    conf.append("ServerRoot \"").append(home).append("\"\n");
    conf.append("ServerName ").append(name).append(".localhost\n");
    conf.append("PidFile \"").append(home.resolve("apache.pid")).append("\"\n");
    conf.append("DefaultRuntimeDir \"").append(home).append("\"\n");
    conf.append("ErrorLog \"").append(errorLog).append("\"\n");
    conf.append("LogLevel warn\n");
    for (String module : List.of("mpm_event", "authz_core", "proxy", "proxy_http")) {
      conf.append("LoadModule ")
          .append(module)
          .append("_module \"")
          .append(APACHE_MODULES.resolve("mod_" + module + ".so"))
          .append("\"\n");
    }
    if (runningAsRoot()) {
      conf.append("User ").append(UNPRIVILEGED).append("\nGroup ").append(UNPRIVILEGED);
      conf.append('\n');
    }
    conf.append("ServerTokens OS\nServerSignature On\n");
    conf.append("StartServers 1\nServerLimit 1\nThreadsPerChild 25\nMaxRequestWorkers 25\n");
    conf.append("MinSpareThreads 1\nMaxSpareThreads 25\n");
    conf.append("ProxyRequests Off\n");
    conf.append("ProxyTimeout ").append(proxyTimeout.toSeconds()).append('\n');
    conf.append("Listen 127.0.0.1:").append(port).append('\n');
    conf.append("ProxyPass \"/\" \"http://127.0.0.1:").append(upstream).append("/\"\n");
    Path file = ProxyChain.write(home.resolve("apache.conf"), conf.toString());
    logs.add(errorLog);
    start(
        name, List.of(APACHE_BINARY.toString(), "-f", file.toString(), "-DFOREGROUND"), home, port);
  }

  /**
   * nginx running one PHP script through FastCGI, whatever the request's path: {@code fastcgi_pass}
   * to a php-fpm pool on {@code fpmPort}.
   */
  void nginxFastcgi(String name, int port, int fpmPort, Path script) {
    Path home = home(name);
    String location =
        """
        fastcgi_pass 127.0.0.1:%d;
        fastcgi_param SCRIPT_FILENAME %s;
        fastcgi_param SCRIPT_NAME /%s;
        fastcgi_param REQUEST_METHOD $request_method;
        fastcgi_param REQUEST_URI $request_uri;
        fastcgi_param QUERY_STRING $query_string;
        fastcgi_param SERVER_PROTOCOL $server_protocol;
        fastcgi_param HTTP_HOST $host;
        """
            .formatted(fpmPort, script, script.getFileName());
    logs.add(home.resolve("nginx-error.log"));
    processes.add(ProxyChain.startNginx(home, port, location));
  }

  /** nginx in front of an HTTP application server on {@code upstream} ({@code proxy_pass}). */
  void nginxProxy(String name, int port, int upstream) {
    Path home = home(name);
    String location =
        """
        proxy_pass http://127.0.0.1:%d;
        proxy_set_header Host $host;
        """
            .formatted(upstream);
    logs.add(home.resolve("nginx-error.log"));
    processes.add(ProxyChain.startNginx(home, port, location));
  }

  /**
   * A php-fpm pool of four static children on {@code port}, each request killed after {@code
   * requestTerminateTimeout} ({@code request_terminate_timeout}); no php.ini, so nothing of the
   * machine's PHP configuration leaks in.
   */
  void phpFpmPool(String name, int port, Duration requestTerminateTimeout) {
    Path home = home(name);
    Path log = home.resolve("php-fpm.log");
    StringBuilder conf = new StringBuilder();
    conf.append("[global]\n");
    conf.append("pid = ").append(home.resolve("php-fpm.pid")).append('\n');
    conf.append("error_log = ").append(log).append('\n');
    conf.append("log_level = notice\n");
    conf.append("daemonize = no\n");
    conf.append("[app]\n");
    conf.append("listen = 127.0.0.1:").append(port).append('\n');
    if (runningAsRoot()) {
      conf.append("user = ").append(UNPRIVILEGED).append('\n');
      conf.append("group = ").append(UNPRIVILEGED).append('\n');
    }
    conf.append("pm = static\npm.max_children = 4\n");
    conf.append("request_terminate_timeout = ")
        .append(requestTerminateTimeout.toSeconds())
        .append("s\n");
    conf.append("catch_workers_output = yes\n");
    Path file = ProxyChain.write(home.resolve("php-fpm.conf"), conf.toString());
    logs.add(log);
    Path binary = Software.PHP_FPM.binary().orElseThrow();
    start(name, List.of(binary.toString(), "-n", "-F", "-y", file.toString()), home, port);
  }

  /**
   * gunicorn serving {@code module}'s {@code application} (a WSGI callable, the file in {@code
   * appDir}) with four sync workers, each killed when a request takes longer than {@code
   * workerTimeout} ({@code --timeout}).
   */
  void gunicorn(String name, int port, Path appDir, String module, Duration workerTimeout) {
    Path home = home(name);
    Path log = home.resolve("gunicorn.log");
    logs.add(log);
    start(
        name,
        List.of(
            GUNICORN_BINARY.toString(),
            "--bind",
            "127.0.0.1:" + port,
            "--workers",
            "4",
            "--timeout",
            Long.toString(workerTimeout.toSeconds()),
            "--graceful-timeout",
            "1",
            "--chdir",
            appDir.toString(),
            "--error-logfile",
            log.toString(),
            "--log-level",
            "info",
            module + ":application"),
        home,
        port);
  }

  /**
   * Writes a file a server reads, readable by everyone (the scenario's directory is world-readable
   * too), so that a daemon that dropped root to {@code www-data} can read it.
   */
  static Path readableFile(Path file, String text) {
    ProxyChain.write(file, text);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Every server's console output and log, for a failing test's message. */
  String output() {
    StringBuilder all = new StringBuilder();
    for (ProxyProcess p : processes) {
      all.append("--- ").append(p).append('\n').append(p.output());
    }
    for (Path log : logs) {
      all.append("--- ").append(dir.relativize(log)).append('\n');
      try {
        all.append(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)\n");
      } catch (IOException e) {
        all.append("(cannot read: ").append(e.getMessage()).append(")\n");
      }
    }
    return all.toString();
  }

  @Override
  public void close() {
    for (ProxyProcess p : processes.reversed()) {
      p.close();
    }
  }

  private void start(String name, List<String> command, Path home, int port) {
    processes.add(ProxyProcess.start(name, command, home, port));
  }

  private Path home(String name) {
    Path home = dir.resolve(name);
    try {
      Files.createDirectories(home);
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return home;
  }

  static boolean runningAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static Optional<Path> executable(Path binary) {
    return Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
  }

  /**
   * Debian names the binary after PHP's version ({@code php-fpm8.2}); with several versions
   * installed, the last by name is taken.
   */
  private static Optional<Path> phpFpm() {
    if (!Files.isDirectory(SBIN)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(SBIN)) {
      return files
          .filter(f -> f.getFileName().toString().matches("php-fpm[0-9.]*"))
          .filter(Files::isExecutable)
          .max(Comparator.comparing(f -> f.getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
