package dev.probefleet.lab;

import dev.probefleet.model.PathKind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;

/**
 * One path into the lab, as a prober reaches it.
 *
 * @param kind cdn, lb or origin
 * @param instance the origin instance (0 for cdn and lb)
 * @param url the URL a targets file names: for cdn and lb a host name the lab's DNS server resolves
 *     ({@link Lab#dnsServer()}), for an origin its loopback address
 * @param connectTo where the path listens, for a client that does not resolve names
 * @param host the {@code Host} header (and TLS server name) to send
 * @param tls whether the path speaks HTTPS
 */
public record LabPath(
    PathKind kind, int instance, URI url, InetSocketAddress connectTo, String host, boolean tls) {
  public LabPath {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(connectTo, "connectTo");
    Objects.requireNonNull(host, "host");
  }

  /** A short label: {@code cdn}, {@code lb}, {@code origin[0]}. */
  public String label() {
    return kind == PathKind.ORIGIN ? "origin[" + instance + "]" : kind.key();
  }
}
