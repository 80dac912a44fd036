package dev.probefleet.model;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One way of reaching a target (DESIGN §3, per-path options).
 *
 * @param kind cdn, lb or origin
 * @param instance index among the target's origins (0 for cdn and lb)
 * @param url what to request; {@code http} or {@code https}
 * @param host the Host header (also the SNI unless {@code sni} is set); default the URL's host
 * @param sni the TLS server name, when it differs from the host
 * @param resolve the IP to connect to instead of resolving the URL's host ({@code curl --resolve})
 * @param insecure skip certificate verification, still recording what strict verification said
 * @param ca a private CA bundle trusted besides the system store
 * @param timeout the whole probe's deadline; empty means the client's default
 * @param expectAddresses where the URL's host may resolve to; empty means anywhere
 * @param headers headers merged over the target's request headers
 * @param probeFrom regions allowed to probe this path; empty means every region
 */
public record PathSpec(
    PathKind kind,
    int instance,
    URI url,
    Optional<String> host,
    Optional<String> sni,
    Optional<InetAddress> resolve,
    boolean insecure,
    Optional<CaBundle> ca,
    Optional<Duration> timeout,
    List<AddressRange> expectAddresses,
    Map<String, HeaderValue> headers,
    List<String> probeFrom) {

  public PathSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sni, "sni");
    Objects.requireNonNull(resolve, "resolve");
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(timeout, "timeout");
    expectAddresses = List.copyOf(expectAddresses);
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    probeFrom = List.copyOf(probeFrom);
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("url must be http or https: " + url);
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("url has no host: " + url);
    }
  }

  /** A path with only a URL, everything else default. */
  public static PathSpec of(PathKind kind, int instance, URI url) {
    return new PathSpec(
        kind,
        instance,
        url,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Map.of(),
        List.of());
  }

  /** True for https. */
  public boolean tls() {
    return url.getScheme().equalsIgnoreCase("https");
  }

  /** The host named in the URL (brackets removed from an IPv6 literal). */
  public String urlHost() {
    String h = url.getHost();
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** The port to connect to: the URL's, else 443 or 80. */
  public int port() {
    return url.getPort() != -1 ? url.getPort() : tls() ? 443 : 80;
  }

  /**
   * The Host header value: {@code host}, else the URL's authority host (with a non-default port).
   */
  public String effectiveHost() {
    if (host.isPresent()) {
      return host.get();
    }
    int defaultPort = tls() ? 443 : 80;
    return url.getPort() == -1 || url.getPort() == defaultPort
        ? url.getHost()
        : url.getHost() + ":" + url.getPort();
  }

  /** The TLS server name: {@code sni} > {@code host} > the URL's host (without a port). */
  public String effectiveSni() {
    if (sni.isPresent()) {
      return sni.get();
    }
    if (host.isPresent()) {
      String h = host.get();
      int colon = h.lastIndexOf(':');
      return colon > 0 && !h.endsWith("]") && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }
    return urlHost();
  }

  /** The path and query to request. */
  public String requestTarget() {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
  }

  /** Whether a region may probe this path. */
  public boolean probedFrom(String region) {
    return probeFrom.isEmpty() || probeFrom.contains(region);
  }

  /** A short label: {@code cdn}, {@code lb}, {@code origin[0]}. */
  public String label() {
    return kind == PathKind.ORIGIN ? "origin[" + instance + "]" : kind.key();
  }
}
