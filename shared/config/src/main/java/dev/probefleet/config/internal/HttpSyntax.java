package dev.probefleet.config.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax of what a targets file says about HTTP: methods and header names (RFC 9110 tokens),
 * header values, URLs, Host values, TLS server names and IP literals. Each check throws {@link
 * IllegalArgumentException} with the message to show the user.
 */
public final class HttpSyntax {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  private static final String TOKEN_CHARS = "letters, digits and !#$%&'*+-.^_`|~";
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern CREDENTIALS =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
              + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

  /**
   * Headers the probe sets itself, by lower-case name, with why. The probe client frames every
   * message and owns its connections, and its own X-Request-ID is what alerts correlate logs by.
   */
  private static final Map<String, String> RESERVED_HEADERS =
      Map.of(
          "host",
          "use host: on the path (it also sets the TLS server name unless sni: is given)",
          "x-request-id",
          "the probe sends its own X-Request-ID so alerts can be matched with each hop's logs",
          "content-length",
          "the probe client frames the request itself",
          "transfer-encoding",
          "the probe client frames the request itself",
          "connection",
          "the probe client manages its connections itself");

  private HttpSyntax() {}

  /** An HTTP method, upper-cased. */
  public static String method(String text) {
    if (!TOKEN.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'"
              + YamlValues.shown(text)
              + "' is not an HTTP method (a token of "
              + TOKEN_CHARS
              + ")");
    }
    return text.toUpperCase(Locale.ROOT);
  }

  /** A header name that the targets file may set. */
  public static void headerName(String name) {
    if (!TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + YamlValues.shown(name)
              + "' is not a valid header name (a token of "
              + TOKEN_CHARS
              + ")");
    }
    String why = RESERVED_HEADERS.get(name.toLowerCase(Locale.ROOT));
    if (why != null) {
      throw new IllegalArgumentException(name + " cannot be set through headers; " + why);
    }
  }

  /**
   * A literal header value: one line of visible ASCII, spaces and tabs (RFC 9110 field-value
   * without the obsolete non-ASCII bytes, which clients and servers disagree on).
   */
  public static void headerValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException("the value contains a line break; a header is one line");
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new IllegalArgumentException(
            String.format(
                "the value contains the control character U+%04X at position %d", (int) c, i + 1));
      }
      if (c > 0x7e) {
        throw new IllegalArgumentException(
            "the value contains the non-ASCII character '"
                + value.substring(i, value.offsetByCodePoints(i, 1))
                + "' at position "
                + (i + 1)
                + "; header values are ASCII");
      }
    }
  }

  /** An absolute http or https URL with a host, as the probe requests it. */
  public static URI url(String text) {
    String shown = "'" + YamlValues.shown(withoutCredentials(text)) + "'";
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7e) {
        throw new IllegalArgumentException(
            shown
                + " contains non-ASCII characters; percent-encode them (and write host names"
                + " in their xn-- form)");
      }
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      String reason = e.getReason();
      reason =
          reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
      throw new IllegalArgumentException(
          shown
              + " is not a valid URL ("
              + reason
              + (e.getIndex() >= 0 ? " at position " + (e.getIndex() + 1) : "")
              + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException(
          shown + " is not an absolute URL; write http://… or https://…");
    }
    if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
      throw new IllegalArgumentException(shown + " must be an http or https URL, not " + scheme);
    }
    if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
      throw new IllegalArgumentException(shown + " has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          shown
              + " carries credentials, which would be logged; send them in a header with a"
              + " secret reference instead");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          shown
              + " has no valid host: '"
              + uri.getRawAuthority()
              + "' is neither a host name (letters, digits, '-' and '.') nor an IP address");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new IllegalArgumentException(
          shown + " has port " + uri.getPort() + ", outside 1-65535");
    }
    return uri;
  }

  /** The URL with any user information masked, so an error about a URL never shows a password. */
  static String withoutCredentials(String url) {
    return CREDENTIALS.matcher(url).replaceFirst("$1…@");
  }

  /** A Host header value: a host name or IP address, optionally with a port. */
  public static void host(String text) {
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close > 0) {
        host = text.substring(1, close);
        String rest = text.substring(close + 1);
        if (rest.startsWith(":")) {
          port = rest.substring(1);
        } else if (!rest.isEmpty()) {
          host = text;
        }
      }
      if (!IPV6.matcher(host).matches() || ipLiteral(host).isEmpty()) {
        throw invalidHost(text);
      }
    } else {
      if (text.indexOf(':') != text.lastIndexOf(':')) {
        throw new IllegalArgumentException(
            "'"
                + YamlValues.shown(text)
                + "' is not a valid Host value; write an IPv6 address in brackets, e.g. [::1]:8080");
      }
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        host = text.substring(0, colon);
        port = text.substring(colon + 1);
      }
      if (!HOST_NAME.matcher(host).matches() || host.length() > 253) {
        throw invalidHost(text);
      }
    }
    if (port != null && !validPort(port)) {
      throw new IllegalArgumentException(
          "'" + YamlValues.shown(text) + "' has port '" + port + "', which is not 1-65535");
    }
  }

  /** A TLS server name: a DNS host name, never an IP address (RFC 6066 §3) nor with a port. */
  public static void serverName(String text) {
    if (IPV4.matcher(text).matches() || text.contains(":") && IPV6.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'"
              + YamlValues.shown(text)
              + "' is an IP address, which TLS cannot send as a server name (SNI carries host"
              + " names only); leave sni out");
    }
    if (text.contains(":")) {
      throw new IllegalArgumentException(
          "'" + YamlValues.shown(text) + "' has a port; sni takes a host name only");
    }
    if (!HOST_NAME.matcher(text).matches() || text.length() > 253) {
      throw new IllegalArgumentException(
          "'" + YamlValues.shown(text) + "' is not a host name (letters, digits, '-' and '.')");
    }
  }

  /** The address {@code resolve:} connects to: an IPv4 or IPv6 literal, brackets optional. */
  public static InetAddress resolveAddress(String text) {
    String literal =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    return ipLiteral(literal)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + YamlValues.shown(text)
                        + "' is not an IP address; resolve: takes the address to connect to"
                        + " (like curl --resolve), never a name"));
  }

  /** An IP literal, without ever looking a name up (only literals reach the JDK's parser). */
  static Optional<InetAddress> ipLiteral(String text) {
    boolean literal =
        IPV4.matcher(text).matches() || text.contains(":") && IPV6.matcher(text).matches();
    if (!literal) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean validPort(String port) {
    if (!port.matches("[0-9]{1,5}")) {
      return false;
    }
    int value = Integer.parseInt(port);
    return value >= 1 && value <= 65535;
  }

  private static IllegalArgumentException invalidHost(String text) {
    return new IllegalArgumentException(
        "'"
            + YamlValues.shown(text)
            + "' is not a valid Host value (a host name or IP address, optionally with :port)");
  }
}
