package dev.probefleet.captures.internal;

import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Varnish: one named listen address per route ({@code -a name=addr}), the backend chosen in {@code
 * vcl_recv} by {@code local.socket}, every request passed (never cached). {@code -j none} keeps it
 * from switching users, so it runs as whoever runs the recording.
 */
public final class VarnishSetup implements ProxySetup {
  private final List<String> seenLogLines = new ArrayList<>();

  @Override
  public Software software() {
    return Software.VARNISH;
  }

  /** Varnish Cache has no unix-socket or TLS backends (Varnish Enterprise and hitch aside). */
  @Override
  public Set<Scenario> scenarios() {
    return EnumSet.complementOf(
        EnumSet.of(Scenario.MISSING_SOCKET, Scenario.UPSTREAM_TLS_UNTRUSTED));
  }

  @Override
  public List<String> versionCommand(Path binary) {
    return List.of(binary.toString(), "-V");
  }

  @Override
  public Launch prepare(Path binary, Path dir, List<Route> routes, boolean asRoot)
      throws IOException {
    long timeout = UPSTREAM_TIMEOUT.toSeconds();
    StringBuilder vcl = new StringBuilder("vcl 4.1;\n\n");
    for (Route route : routes) {
      int port = route.upstream().tcpPorts().getFirst();
      vcl.append("backend be_").append(route.name()).append(" {\n");
      vcl.append("  .host = \"127.0.0.1\";\n  .port = \"").append(port).append("\";\n");
      vcl.append("  .connect_timeout = ").append(timeout).append("s;\n");
      vcl.append("  .first_byte_timeout = ").append(timeout).append("s;\n");
      vcl.append("  .between_bytes_timeout = ").append(timeout).append("s;\n");
      if (route.scenario() == Scenario.NO_HEALTHY_UPSTREAM) {
        vcl.append("  .probe = { .url = \"/\"; .interval = 1s; .timeout = 500ms;")
            .append(" .window = 1; .threshold = 1; .initial = 0; }\n");
      }
      vcl.append("}\n\n");
    }
    vcl.append("sub vcl_recv {\n");
    String keyword = "if";
    for (Route route : routes) {
      vcl.append("  ")
          .append(keyword)
          .append(" (local.socket == \"")
          .append(route.name())
          .append("\") {\n    set req.backend_hint = be_")
          .append(route.name())
          .append(";\n  }");
      keyword = " elsif";
    }
    vcl.append("\n  return (pass);\n}\n");
    Path file = dir.resolve("default.vcl");
    Files.writeString(file, vcl);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            binary.toString(),
            "-F",
            "-j",
            "none",
            "-n",
            dir.resolve("varnish").toString(),
            "-f",
            file.toString(),
            "-T",
            "none",
            "-s",
            "malloc,32m"));
    for (Route route : routes) {
      command.add("-a");
      command.add(route.name() + "=127.0.0.1:" + route.listenPort());
    }
    return new Launch(command, Map.of(), List.of());
  }

  /** The {@code FetchError} records logged since the last call, from {@code varnishlog -d}. */
  @Override
  public List<String> extraLog(Path binary, Path dir) {
    Path varnishlog = binary.resolveSibling("varnishlog");
    if (!Files.isExecutable(varnishlog)) {
      varnishlog = Path.of("/usr/bin/varnishlog");
    }
    if (!Files.isExecutable(varnishlog)) {
      return List.of();
    }
    try {
      Process p =
          new ProcessBuilder(
                  varnishlog.toString(),
                  "-n",
                  dir.resolve("varnish").toString(),
                  "-d",
                  "-g",
                  "raw",
                  "-i",
                  "FetchError")
              .redirectErrorStream(true)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      List<String> fresh = new ArrayList<>();
      for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
        String record = line.strip().replaceAll("\\s+", " ");
        if (!record.isEmpty() && !seenLogLines.contains(record)) {
          seenLogLines.add(record);
          fresh.add(record);
        }
      }
      return fresh;
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
