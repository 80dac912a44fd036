package dev.probefleet.captures;

import java.util.List;
import java.util.Locale;

/**
 * The proxies and web servers whose error pages are recorded. Each id is also the fingerprint
 * generator id of that software (DESIGN §1), so a page recorded from nginx must fingerprint as
 * {@code nginx}.
 */
public enum Software {
  NGINX("nginx", List.of("nginx")),
  HAPROXY("haproxy", List.of("haproxy")),
  /** Apache httpd with mod_proxy and mod_proxy_http; Debian names the binary {@code apache2}. */
  APACHE("apache", List.of("apache2", "httpd")),
  VARNISH("varnish", List.of("varnishd")),
  SQUID("squid", List.of("squid")),
  CADDY("caddy", List.of("caddy"));

  private final String id;
  private final List<String> binaries;

  Software(String id, List<String> binaries) {
    this.id = id;
    this.binaries = binaries;
  }

  /** The id used in file names and as the fingerprint generator, e.g. {@code apache}. */
  public String id() {
    return id;
  }

  /** Executable names to look for, in order of preference. */
  public List<String> binaries() {
    return binaries;
  }

  /**
   * The software with this id.
   *
   * @throws IllegalArgumentException naming the known ids
   */
  public static Software ofId(String id) {
    for (Software s : values()) {
      if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown software '"
            + id
            + "'; known: "
            + List.of(values()).stream().map(Software::id).toList());
  }
}
