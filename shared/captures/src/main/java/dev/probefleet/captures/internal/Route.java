package dev.probefleet.captures.internal;

import dev.probefleet.captures.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One scenario as the recorded software sees it: the port it listens on for that scenario and where
 * it sends those requests.
 *
 * @param scenario the scenario
 * @param listenPort the software's loopback port for this scenario
 * @param upstream where the software proxies to
 */
public record Route(Scenario scenario, int listenPort, Upstream upstream) {
  public Route {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(upstream, "upstream");
  }

  /** A name usable in every software's configuration syntax, e.g. {@code closed_before_headers}. */
  public String name() {
    return scenario.name().toLowerCase(Locale.ROOT);
  }

  /** Where a route's requests go. */
  public sealed interface Upstream {
    /** One TCP server on 127.0.0.1. */
    record Tcp(int port) implements Upstream {}

    /** A group of TCP servers on 127.0.0.1 (all closed, for "no healthy upstream"). */
    record Group(List<Integer> ports) implements Upstream {
      public Group {
        ports = List.copyOf(ports);
      }
    }

    /** A unix socket path. */
    record UnixSocket(Path path) implements Upstream {}

    /**
     * A TLS server on 127.0.0.1 that the software must verify.
     *
     * @param port its port
     * @param serverName the name to send (SNI) and check; the upstream's certificate is for it
     * @param trustedCertificates PEM file of the only CA the software is told to trust
     */
    record Tls(int port, String serverName, Path trustedCertificates) implements Upstream {
      public Tls {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(trustedCertificates, "trustedCertificates");
      }
    }

    /** The ports of a TCP upstream or group. */
    default List<Integer> tcpPorts() {
      return switch (this) {
        case Tcp t -> List.of(t.port());
        case Tls t -> List.of(t.port());
        case Group g -> g.ports();
        case UnixSocket u -> List.of();
      };
    }
  }
}
