package dev.probefleet.captures;

import dev.probefleet.captures.internal.ApacheSetup;
import dev.probefleet.captures.internal.CaddySetup;
import dev.probefleet.captures.internal.HaproxySetup;
import dev.probefleet.captures.internal.ManagedProcess;
import dev.probefleet.captures.internal.MisbehavingUpstream;
import dev.probefleet.captures.internal.MisbehavingUpstream.Behaviour;
import dev.probefleet.captures.internal.NginxSetup;
import dev.probefleet.captures.internal.ProxySetup;
import dev.probefleet.captures.internal.RawExchange;
import dev.probefleet.captures.internal.Route;
import dev.probefleet.captures.internal.SquidSetup;
import dev.probefleet.captures.internal.UntrustedCertificate;
import dev.probefleet.captures.internal.VarnishSetup;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Records the error responses that real proxies and web servers write: for each of nginx, HAProxy,
 * Apache (mod_proxy), Varnish, Squid and Caddy present on this machine it writes a minimal
 * configuration into a temporary directory, starts the binary in the foreground on 127.0.0.1 with
 * one port per {@link Scenario} (ports chosen at run time), points each port at an upstream that
 * misbehaves in that scenario's way, sends one request per scenario and writes the response as
 * {@code <output>/<software>/<scenario>.json} ({@link CapturedPage#toJson()}), with the lines the
 * software logged about it. The process is stopped after its recording, even on failure, and every
 * request is bounded (10 s).
 *
 * <p>Re-record the pages shipped in this module from the repository root with {@code java -cp
 * shared/captures/target/classes dev.probefleet.captures.RealSoftwareCapture
 * shared/captures/src/main/resources/dev/probefleet/captures} (after {@code ./mvnw -pl
 * shared/captures install}); name software ids after the directory to record only those.
 */
public final class RealSoftwareCapture {
  /** The {@code Host} the recorded requests carry (it shows in some pages). */
  public static final String HOST = "shop.example.test";

  /** The path the recorded requests ask for. */
  public static final String PATH = "/health";

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(45);
  private static final List<Path> SYSTEM_DIRECTORIES =
      Stream.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin")
          .map(Path::of)
          .toList();

  private final Path output;
  private final List<Software> software;
  private final boolean keepWorkDirectories;

  private RealSoftwareCapture(Builder builder) {
    this.output = builder.output;
    this.software = List.copyOf(builder.software);
    this.keepWorkDirectories = builder.keepWorkDirectories;
  }

  /** A capture into a directory. */
  public static Builder into(Path output) {
    return new Builder(output);
  }

  /** Options of a run. */
  public static final class Builder {
    private final Path output;
    private Collection<Software> software = List.of(Software.values());
    private boolean keepWorkDirectories;

    private Builder(Path output) {
      this.output = Objects.requireNonNull(output, "output");
    }

    /** Only these (default: all). */
    public Builder software(Collection<Software> software) {
      this.software = List.copyOf(software);
      return this;
    }

    /** Keep each software's temporary configuration and logs (for debugging a setup). */
    public Builder keepWorkDirectories(boolean keep) {
      this.keepWorkDirectories = keep;
      return this;
    }

    public RealSoftwareCapture build() {
      return new RealSoftwareCapture(this);
    }
  }

  /**
   * Where a software's binary is: the first of its names found on {@code PATH} or in the usual
   * system directories (which a non-root {@code PATH} often lacks).
   */
  public static Optional<Path> locate(Software software) {
    List<Path> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          directories.add(Path.of(entry));
        }
      }
    }
    directories.addAll(SYSTEM_DIRECTORIES);
    for (String name : software.binaries()) {
      for (Path dir : directories) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Why a software cannot be recorded here, in one line, or empty when its binary is present. */
  public static Optional<String> absence(Software software) {
    return locate(software).isPresent()
        ? Optional.empty()
        : Optional.of(
            software.id()
                + ": no "
                + String.join(" or ", software.binaries())
                + " binary on PATH or in "
                + SYSTEM_DIRECTORIES);
  }

  /** Records every software asked for, then rewrites {@code index.txt} in the output directory. */
  public CaptureReport run() {
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + output, e);
    }
    List<CaptureReport.SoftwareResult> results = new ArrayList<>();
    for (Software s : software) {
      results.add(record(s));
    }
    writeIndex();
    return new CaptureReport(results);
  }

  private CaptureReport.SoftwareResult record(Software software) {
    Optional<Path> binary = locate(software);
    if (binary.isEmpty()) {
      return CaptureReport.SoftwareResult.skipped(software, absence(software).orElseThrow());
    }
    ProxySetup setup = setupFor(software);
    String version = version(setup.versionCommand(binary.get()));
    Map<Scenario, Path> captured = new EnumMap<>(Scenario.class);
    Map<Scenario, String> failed = new EnumMap<>(Scenario.class);
    Path work = null;
    List<MisbehavingUpstream> upstreams = new ArrayList<>();
    try {
      work = Files.createTempDirectory("probefleet-capture-" + software.id() + "-");
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
      Map<Behaviour, MisbehavingUpstream> servers = new EnumMap<>(Behaviour.class);
      for (Behaviour b : Behaviour.values()) {
        MisbehavingUpstream u = MisbehavingUpstream.start(b);
        upstreams.add(u);
        servers.put(b, u);
      }
      Route.Upstream.Tls tls = null;
      if (setup.scenarios().contains(Scenario.UPSTREAM_TLS_UNTRUSTED)) {
        UntrustedCertificate certificate = UntrustedCertificate.generate(work.resolve("tls"));
        MisbehavingUpstream u =
            MisbehavingUpstream.startTls(Behaviour.HEALTHY, certificate.serverContext());
        upstreams.add(u);
        tls =
            new Route.Upstream.Tls(
                u.port(), UntrustedCertificate.SERVER_NAME, certificate.trustedCertificates());
      }
      List<Route> routes = new ArrayList<>();
      for (Scenario scenario : setup.scenarios()) {
        routes.add(new Route(scenario, freePort(), upstreamFor(scenario, servers, tls, work)));
      }
      ProxySetup.Launch launch = setup.prepare(binary.get(), work, routes, runningAsRoot());
      try (ManagedProcess process =
          ManagedProcess.start(
              software.id(), launch.command(), work, launch.environment(), launch.logs())) {
        process.awaitListening(routes.stream().map(Route::listenPort).toList(), START_TIMEOUT);
        // The readiness checks' empty connections get logged a little later (HAProxy, Squid);
        // let those lines land before the first request's log mark.
        sleep(500);
        for (Route route : routes) {
          try {
            captured.put(
                route.scenario(), recordOne(setup, binary.get(), work, launch, route, version));
          } catch (IOException | RuntimeException e) {
            failed.put(route.scenario(), e.getMessage());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Scenario scenario : setup.scenarios()) {
        if (!captured.containsKey(scenario)) {
          failed.putIfAbsent(scenario, e.getMessage());
        }
      }
    } finally {
      upstreams.forEach(MisbehavingUpstream::close);
      if (work != null && !keepWorkDirectories) {
        deleteTree(work);
      }
    }
    return new CaptureReport.SoftwareResult(software, Optional.empty(), version, captured, failed);
  }

  private Path recordOne(
      ProxySetup setup,
      Path binary,
      Path work,
      ProxySetup.Launch launch,
      Route route,
      String version)
      throws IOException {
    for (int i = 0; i < setup.warmUpRequests(route.scenario()); i++) {
      warmUp(route);
    }
    sleep(setup.settleBefore(route.scenario()).toMillis());
    Optional<Pattern> ready = setup.readyWhenLogged(route);
    if (ready.isPresent()) {
      awaitLogged(launch.logs(), ready.get(), Duration.ofSeconds(10));
    }
    setup.extraLog(binary, work);
    Map<Path, Long> marks = new LinkedHashMap<>();
    for (Path log : launch.logs()) {
      marks.put(log, Files.exists(log) ? Files.size(log) : 0L);
    }
    RawExchange.Response response =
        RawExchange.get(route.listenPort(), HOST, PATH, REQUEST_TIMEOUT);
    List<String> log = new ArrayList<>();
    for (String line : newLogLines(marks)) {
      if (setup.aboutRoute(line, route)) {
        log.add(line);
      }
    }
    log.addAll(setup.extraLog(binary, work));
    CapturedPage page =
        new CapturedPage(
            setup.software(),
            route.scenario(),
            response.version(),
            response.status(),
            response.reason(),
            response.headers(),
            response.bodyText(),
            new CapturedPage.Meta(
                version,
                route.scenario().description(),
                "GET " + PATH + " HTTP/1.1 (Host: " + HOST + ")",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                log.stream().map(line -> anonymise(line, work)).toList()));
    Path file = output.resolve(setup.software().id()).resolve(route.scenario().id() + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, page.toJson());
    return file;
  }

  /**
   * One warm-up request that the software really answered: a loaded machine can leave the listen
   * port refusing for a moment after the readiness check, and a warm-up that never reached the
   * software would leave its work (marking upstreams down) to the recorded request.
   */
  private static void warmUp(Route route) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        RawExchange.get(route.listenPort(), HOST, PATH, REQUEST_TIMEOUT);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("warm-up request to port " + route.listenPort() + " failed", e);
        }
        sleep(100);
      }
    }
  }

  /** Waits until a line matching the pattern is in one of the logs, at most the timeout. */
  private static void awaitLogged(List<Path> logs, Pattern pattern, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Path log : logs) {
        if (Files.exists(log)
            && pattern.matcher(Files.readString(log, StandardCharsets.ISO_8859_1)).find()) {
          return;
        }
      }
      sleep(100);
    }
  }

  /** Replaces the temporary directory in log lines by a stable placeholder. */
  private static String anonymise(String line, Path work) {
    return line.replace(work.toString(), "/run/probefleet-capture");
  }

  /**
   * New lines in the logs since the marks: waits until some arrived and the logs were quiet for a
   * moment (HAProxy and Caddy log when the request ends, a little after the response), at most 1.5
   * s.
   */
  private static List<String> newLogLines(Map<Path, Long> marks) throws IOException {
    long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    long total = -1;
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = 0;
      for (Map.Entry<Path, Long> e : marks.entrySet()) {
        now += Files.exists(e.getKey()) ? Files.size(e.getKey()) - e.getValue() : 0;
      }
      if (now != total) {
        total = now;
        quietSince = System.nanoTime();
      } else if (total > 0 && System.nanoTime() - quietSince > 300_000_000L) {
        break;
      }
      sleep(100);
    }
    List<String> lines = new ArrayList<>();
    for (Map.Entry<Path, Long> e : marks.entrySet()) {
      if (!Files.exists(e.getKey())) {
        continue;
      }
      try (RandomAccessFile file = new RandomAccessFile(e.getKey().toFile(), "r")) {
        long start = Math.min(e.getValue(), file.length());
        byte[] fresh = new byte[(int) (file.length() - start)];
        file.seek(start);
        file.readFully(fresh);
        for (String line : new String(fresh, StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            lines.add(line.stripTrailing());
          }
        }
      }
    }
    return lines;
  }

  private static Route.Upstream upstreamFor(
      Scenario scenario,
      Map<Behaviour, MisbehavingUpstream> servers,
      Route.Upstream.Tls tls,
      Path work)
      throws IOException {
    return switch (scenario) {
      case HEALTHY -> new Route.Upstream.Tcp(servers.get(Behaviour.HEALTHY).port());
      case REFUSED -> new Route.Upstream.Tcp(freePort());
      case INVALID_HEADER -> new Route.Upstream.Tcp(servers.get(Behaviour.INVALID_HEADER).port());
      case CLOSED_BEFORE_HEADERS ->
          new Route.Upstream.Tcp(servers.get(Behaviour.CLOSE_BEFORE_HEADERS).port());
      case TIMEOUT -> new Route.Upstream.Tcp(servers.get(Behaviour.SLOW).port());
      case OVERSIZED_HEADER ->
          new Route.Upstream.Tcp(servers.get(Behaviour.OVERSIZED_HEADER).port());
      case NO_HEALTHY_UPSTREAM -> new Route.Upstream.Group(List.of(freePort(), freePort()));
      case MISSING_SOCKET -> new Route.Upstream.UnixSocket(work.resolve("app").resolve("app.sock"));
      case CONNECT_TIMEOUT ->
          new Route.Upstream.Tcp(servers.get(Behaviour.ACCEPT_QUEUE_FULL).port());
      case RESET -> new Route.Upstream.Tcp(servers.get(Behaviour.RESET_AFTER_REQUEST).port());
      case UPSTREAM_TLS_UNTRUSTED -> Objects.requireNonNull(tls, "the TLS upstream");
    };
  }

  private static ProxySetup setupFor(Software software) {
    return switch (software) {
      case NGINX -> new NginxSetup();
      case HAPROXY -> new HaproxySetup();
      case APACHE -> new ApacheSetup();
      case VARNISH -> new VarnishSetup();
      case SQUID -> new SquidSetup();
      case CADDY -> new CaddySetup();
    };
  }

  /** A loopback port nobody listens on now (bound, then released). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  private static String version(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unknown (" + String.join(" ", command) + " did not finish)";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return out.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown (interrupted)";
    }
  }

  private static boolean runningAsRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private void writeIndex() {
    List<String> ids = new ArrayList<>();
    for (Software s : Software.values()) {
      for (Scenario scenario : Scenario.values()) {
        if (Files.isRegularFile(output.resolve(s.id()).resolve(scenario.id() + ".json"))) {
          ids.add(s.id() + "/" + scenario.id());
        }
      }
    }
    try {
      Files.writeString(
          output.resolve("index.txt"),
          "# <software>/<scenario> of every page below; written by RealSoftwareCapture\n"
              + String.join("\n", ids)
              + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the index in " + output, e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // a socket or file the software left behind; the temp directory is disposable
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Records into the directory named by the first argument; further arguments restrict the run to
   * those software ids. Exits 1 when a present software failed a scenario.
   */
  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println(
          "usage: RealSoftwareCapture OUTPUT_DIR [nginx|haproxy|apache|varnish|squid|caddy ...]");
      System.exit(2);
    }
    List<Software> chosen = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      chosen.add(Software.ofId(args[i]));
    }
    Builder builder = into(Path.of(args[0]));
    if (!chosen.isEmpty()) {
      builder.software(chosen);
    }
    if (Boolean.getBoolean("probefleet.capture.keep")) {
      builder.keepWorkDirectories(true);
    }
    CaptureReport report = builder.build().run();
    System.out.println(report.summary());
    System.exit(report.complete() ? 0 : 1);
  }
}
