package dev.probefleet.cli.board;

import java.util.Map;
import java.util.Optional;

/**
 * Where {@code probefleet run} serves its board, API and metrics: {@code HOST:PORT} ({@code
 * [::1]:8080} for IPv6; port 0 picks a free one), or {@code off}.
 *
 * @param host the address to listen on
 * @param port the port, 0 for any free one
 * @param chosen whether the user gave it (a busy default port is a warning, a busy chosen one an
 *     error)
 */
public record BoardAddress(String host, int port, boolean chosen) {
  /** The default: loopback only, the board has no authentication. */
  public static final String DEFAULT = "127.0.0.1:8080";

  /**
   * Parses {@code --http}'s value.
   *
   * @param value the flag's value, null when not given
   * @return empty for {@code off}
   * @throws IllegalArgumentException naming what is wrong with the value
   */
  public static Optional<BoardAddress> parse(String value) {
    boolean chosen = value != null;
    String v = chosen ? value.strip() : DEFAULT;
    if (v.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException("'" + value + "' is not HOST:PORT or off");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + value + "': the port '" + v.substring(colon + 1) + "' is not a number");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("'" + value + "': the port must be 0 to 65535");
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("'" + value + "': the host is empty");
    }
    return Optional.of(new BoardAddress(host, port, chosen));
  }

  /** Whether only this machine can reach it. */
  public boolean loopback() {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /**
   * The application context's properties that serve the board: the server's address, the static
   * assets (the page, and the chart library from its WebJar), the Prometheus metrics.
   */
  public Map<String, Object> properties() {
    return Map.of(
        "micronaut.server.host", host,
        "micronaut.server.port", port,
        "probefleet.board.enabled", "true",
        "micronaut.router.static-resources.board.paths", "classpath:board",
        "micronaut.router.static-resources.board.mapping", "/board/**",
        "micronaut.router.static-resources.webjars.paths", "classpath:META-INF/resources/webjars",
        "micronaut.router.static-resources.webjars.mapping", "/webjars/**");
  }
}
