package dev.probefleet.probe;

import dev.probefleet.probe.internal.DnsjavaResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Turns a host name into addresses for one probe, with no cache between probes: every call asks
 * again, so a probe sees what DNS says now. A failure is an answer ({@link Failed}), not an
 * exception, and its detail tells NXDOMAIN from SERVFAIL, REFUSED, a timeout and a name with no
 * address.
 *
 * <p>Implementations must return within about the given timeout and be safe to call from many
 * threads at once.
 */
public interface HostResolver {

  /**
   * Resolves a host name (never an IP literal: the client handles those itself).
   *
   * @param host the name, e.g. {@code shop.example.com}
   * @param timeout the time left for the whole resolution
   */
  Resolution resolve(String host, Duration timeout);

  /** What a resolution gave. */
  sealed interface Resolution permits Resolved, Failed {}

  /**
   * Addresses for the name: IPv4 first (A records), IPv6 (AAAA) when there is no A record.
   *
   * @param addresses at least one address, in answer order
   * @param source who answered, e.g. {@code 10.0.0.2:53} or {@code /etc/hosts}
   */
  record Resolved(List<InetAddress> addresses, String source) implements Resolution {
    public Resolved {
      addresses = List.copyOf(addresses);
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("a resolution needs at least one address");
      }
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * No usable answer.
   *
   * @param detail what went wrong, e.g. {@code NXDOMAIN for nowhere.test from 127.0.0.1:5353}
   */
  record Failed(String detail) implements Resolution {
    public Failed {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * The machine's resolver configuration as dnsjava reads it ({@code /etc/resolv.conf} and
   * friends), with {@code /etc/hosts} consulted first so that {@code localhost} works. Search
   * domains are not applied: targets name hosts fully.
   */
  static HostResolver system() {
    return DnsjavaResolver.system();
  }

  /** Asks this DNS server only (UDP, TCP when the answer is truncated); no hosts file. */
  static HostResolver dnsServer(InetSocketAddress server) {
    return DnsjavaResolver.of(List.of(server));
  }

  /** Asks these DNS servers in turn (the next one on a timeout, SERVFAIL or REFUSED). */
  static HostResolver dnsServers(List<InetSocketAddress> servers) {
    return DnsjavaResolver.of(servers);
  }
}
