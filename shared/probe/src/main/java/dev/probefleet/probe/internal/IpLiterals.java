package dev.probefleet.probe.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP literals in URLs and server names, parsed without ever looking a name up. */
final class IpLiterals {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.]+)?");

  private IpLiterals() {}

  /** The address, when the text is an IPv4 or IPv6 literal (IPv6 without brackets). */
  static Optional<InetAddress> parse(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    boolean v6 = !v4 && text.contains(":") && IPV6.matcher(text).matches();
    if (v4) {
      for (String octet : text.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return Optional.empty();
        }
      }
    }
    // Only a valid literal reaches getByName, which then parses it and never asks DNS.
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  static boolean isLiteral(String text) {
    return parse(text).isPresent();
  }

  /** {@code 10.0.0.1:443} or {@code [2001:db8::1]:443}. */
  static String hostPort(InetAddress address, int port) {
    String ip = address.getHostAddress();
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }
}
