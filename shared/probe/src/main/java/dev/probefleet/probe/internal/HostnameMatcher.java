package dev.probefleet.probe.internal;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a certificate covers a server name, as browsers judge it today (RFC 6125 / 9525): DNS
 * names against DNS subject alternative names, a wildcard only as the whole leftmost label and
 * matching exactly one label; IP literals against IP SANs; no fallback to the subject's common
 * name.
 */
final class HostnameMatcher {
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private HostnameMatcher() {}

  static boolean matches(X509Certificate certificate, String name) {
    Optional<InetAddress> ip = IpLiterals.parse(name);
    if (ip.isPresent()) {
      for (String san : sans(certificate, IP_ADDRESS)) {
        Optional<InetAddress> sanIp = IpLiterals.parse(san);
        if (sanIp.isPresent() && sanIp.get().equals(ip.get())) {
          return true;
        }
      }
      return false;
    }
    String host = normalise(name);
    for (String san : sans(certificate, DNS_NAME)) {
      if (matchesPattern(normalise(san), host)) {
        return true;
      }
    }
    return false;
  }

  /** DNS and IP subject alternative names, in certificate order. */
  static List<String> subjectAltNames(X509Certificate certificate) {
    return sans(certificate, DNS_NAME, IP_ADDRESS);
  }

  private static List<String> sans(X509Certificate certificate, int... wanted) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans == null) {
        return names;
      }
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        for (int w : wanted) {
          if (type == w && san.get(1) instanceof String value) {
            names.add(value);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // an unreadable extension covers no name
    }
    return names;
  }

  private static boolean matchesPattern(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    if (!pattern.startsWith("*.")) {
      return false;
    }
    String suffix = pattern.substring(2);
    int dot = host.indexOf('.');
    // "*.com" would cover a whole public suffix; require at least two labels after the wildcard.
    return suffix.contains(".") && dot > 0 && host.substring(dot + 1).equals(suffix);
  }

  private static String normalise(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
