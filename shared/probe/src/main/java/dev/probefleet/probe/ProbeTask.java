package dev.probefleet.probe;

import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.Target;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One path of one target to probe this round, with everything the request needs already resolved:
 * the caller merges the target's and the path's headers (path over target) and resolves secret
 * references before building the task. Header values may therefore be secrets: {@link #toString()}
 * shows header names only, and nothing the client reports contains them.
 *
 * <p>The client owns {@code Host} (from the path's {@code host}), {@code Connection}, {@code
 * Content-Length}, {@code Transfer-Encoding} and {@code X-Request-ID} (unique per request), so a
 * task may not set them; it may override {@code User-Agent} and {@code Accept}.
 *
 * @param target the target's name
 * @param path the path to probe
 * @param method the HTTP method, e.g. {@code GET}
 * @param expect what a healthy answer looks like
 * @param burst how many requests to send this round
 * @param headers request headers in the order to send them
 * @throws InvalidProbeTaskException when the method or a header cannot be sent, or the path's
 *     timeout is not positive
 */
public record ProbeTask(
    String target,
    PathSpec path,
    String method,
    ExpectSpec expect,
    BurstSpec burst,
    List<ProbeTask.Header> headers) {

  private static final Set<String> CLIENT_OWNED =
      Set.of("host", "connection", "content-length", "transfer-encoding", "x-request-id");

  /**
   * A request header, resolved. Its {@link #toString()} hides the value, which may be a secret.
   *
   * @param name the field name as it should be sent
   * @param value the resolved value
   */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "Header[" + name + "]";
    }
  }

  public ProbeTask {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(expect, "expect");
    Objects.requireNonNull(burst, "burst");
    headers = List.copyOf(headers);
    if (path.timeout().isPresent()
        && (path.timeout().get().isNegative() || path.timeout().get().isZero())) {
      throw new InvalidProbeTaskException(
          target, path.label(), "timeout must be positive, got " + path.timeout().get());
    }
    if (!isToken(method)) {
      throw new InvalidProbeTaskException(
          target, path.label(), "method '" + printable(method) + "' is not an HTTP token");
    }
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      if (!isToken(h.name())) {
        throw new InvalidProbeTaskException(
            target,
            path.label(),
            "header " + (i + 1) + " has an invalid name '" + printable(h.name()) + "'");
      }
      if (CLIENT_OWNED.contains(h.name().toLowerCase(Locale.ROOT))) {
        throw new InvalidProbeTaskException(
            target,
            path.label(),
            "header '"
                + h.name()
                + "' is set by the probe client"
                + (h.name().equalsIgnoreCase("host") ? "; use the path's host option" : ""));
      }
      for (int c = 0; c < h.value().length(); c++) {
        char ch = h.value().charAt(c);
        if (ch == '\r' || ch == '\n' || ch == 0) {
          throw new InvalidProbeTaskException(
              target,
              path.label(),
              "header '" + h.name() + "' has a line break or NUL in its value");
        }
      }
    }
  }

  /** A GET with the default expectation, one request, no extra headers. */
  public static ProbeTask of(String target, PathSpec path) {
    return new ProbeTask(target, path, "GET", ExpectSpec.DEFAULT, BurstSpec.SINGLE, List.of());
  }

  /**
   * The task for one path of a target: its method, expectation and burst, with headers the caller
   * has merged and resolved.
   */
  public static ProbeTask of(Target target, PathSpec path, List<Header> resolvedHeaders) {
    return new ProbeTask(
        target.name(),
        path,
        target.request().method(),
        target.expect(),
        target.burst(),
        resolvedHeaders);
  }

  public ProbeTask withMethod(String value) {
    return new ProbeTask(target, path, value, expect, burst, headers);
  }

  public ProbeTask withExpect(ExpectSpec value) {
    return new ProbeTask(target, path, method, value, burst, headers);
  }

  public ProbeTask withBurst(BurstSpec value) {
    return new ProbeTask(target, path, method, expect, value, headers);
  }

  public ProbeTask withHeaders(List<Header> value) {
    return new ProbeTask(target, path, method, expect, burst, value);
  }

  /** {@code shop cdn}, {@code shop origin[1]}. */
  public String label() {
    return target + " " + path.label();
  }

  @Override
  public String toString() {
    return "ProbeTask["
        + label()
        + " "
        + method
        + " "
        + path.url()
        + ", headers "
        + headers.stream().map(Header::name).toList()
        + ", burst "
        + burst.requests()
        + "]";
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
    }
    return out.toString();
  }
}
