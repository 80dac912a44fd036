package dev.probefleet.lab.topology;

import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The software a {@link ProxyHop} behaves like: how it forwards a request, what it does to the
 * response it relays, whether it keeps connections alive, and which recorded page it answers for
 * each {@link UpstreamFailure}.
 *
 * <p>Where no recording covers a failure exactly, the hop serves the page the same software wrote
 * for the closest recorded failure with the same status (each software writes one page per status,
 * so the bytes are still that software's), and reports no log line for it; see {@link
 * #pageScenario(UpstreamFailure)} and {@link #recordedLogLine(UpstreamFailure)}.
 */
public enum ProxySoftware {
  /**
   * nginx as a reverse proxy with the settings a CDN edge or an origin web server uses: {@code
   * proxy_http_version} 1.0 and {@code Connection: close} to the upstream (nginx's default: no
   * upstream keep-alive), {@code proxy_set_header Host $host} and {@code X-Forwarded-For
   * $proxy_add_x_forwarded_for}. On the way back it drops the upstream's {@code Server} and {@code
   * Date} (its {@code proxy_hide_header} defaults) and writes its own, Content-Type and the framing
   * fields first, the rest in the upstream's order and spelling. It keeps a client connection alive
   * after its own 502/504 pages. It tries each upstream server once.
   */
  NGINX(Software.NGINX),
  /**
   * HAProxy 2.x in HTTP mode as a load balancer: {@code option forwardfor}, {@code option
   * redispatch}, {@code http-reuse always} (it reuses idle server connections for any request, as a
   * cloud load balancer does), HTTP/1.1 to the servers. It lower-cases every header name it relays
   * (its internal HTX representation does; the recordings show it) and adds no {@code Server} or
   * {@code Date}. After a failed connect it waits {@code min(timeout connect, 1 s)} and tries
   * again, the last retry on another server; it closes the client connection after its own error
   * pages.
   */
  HAPROXY(Software.HAPROXY);

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "upgrade",
          "transfer-encoding",
          "content-length");

  private final Software software;

  ProxySoftware(Software software) {
    this.software = software;
  }

  /** The recorded software this behaves like. */
  public Software software() {
    return software;
  }

  /**
   * The recorded scenario whose page this software answers for a failure before the response head.
   *
   * @throws IllegalArgumentException for a failure after the head, which gets no page
   */
  public Scenario pageScenario(UpstreamFailure failure) {
    return switch (failure) {
      case CONNECTION_REFUSED -> Scenario.REFUSED;
      case NO_LIVE_UPSTREAM -> Scenario.NO_HEALTHY_UPSTREAM;
      case CLOSED_BEFORE_HEADERS -> Scenario.CLOSED_BEFORE_HEADERS;
      case INVALID_HEADER -> Scenario.INVALID_HEADER;
      case HEADER_TOO_LARGE -> Scenario.OVERSIZED_HEADER;
      case RESPONSE_TIMEOUT -> Scenario.TIMEOUT;
      // Not recorded: the same software's page of the same status.
      case CONNECT_TIMEOUT -> this == NGINX ? Scenario.TIMEOUT : Scenario.REFUSED;
      case TLS_HANDSHAKE_FAILED -> Scenario.REFUSED;
      case RESET_BEFORE_HEADERS -> Scenario.CLOSED_BEFORE_HEADERS;
      case INVALID_STATUS_LINE -> Scenario.INVALID_HEADER;
      case BODY_CLOSED_EARLY, BODY_RESET, BODY_TIMEOUT, BODY_INVALID ->
          throw new IllegalArgumentException(failure + " comes after the response head: no page");
    };
  }

  /** The recorded page this software answers for a failure before the response head. */
  public CapturedPage errorPage(UpstreamFailure failure) {
    return CapturedPages.load(software, pageScenario(failure));
  }

  /**
   * The line the real software logged for this failure, when a recording covers exactly this
   * failure (its addresses and time are the recording's).
   */
  public Optional<String> recordedLogLine(UpstreamFailure failure) {
    Scenario exact =
        switch (failure) {
          case CONNECTION_REFUSED -> Scenario.REFUSED;
          case NO_LIVE_UPSTREAM -> Scenario.NO_HEALTHY_UPSTREAM;
          case CLOSED_BEFORE_HEADERS -> Scenario.CLOSED_BEFORE_HEADERS;
          case INVALID_HEADER -> Scenario.INVALID_HEADER;
          case HEADER_TOO_LARGE -> Scenario.OVERSIZED_HEADER;
          case RESPONSE_TIMEOUT -> Scenario.TIMEOUT;
          default -> null;
        };
    if (exact == null) {
      return Optional.empty();
    }
    return CapturedPages.find(software, exact)
        .flatMap(page -> page.meta().log().stream().reduce((first, second) -> second));
  }

  /** The {@code Server} value this software writes, as recorded from it, if it writes one. */
  public Optional<String> serverHeader() {
    if (this != NGINX) {
      return Optional.empty();
    }
    return CapturedPages.find(software, Scenario.HEALTHY).flatMap(p -> p.header("Server"));
  }

  /** Whether a client connection stays open after one of this software's own error pages. */
  boolean keepsClientAliveAfterError() {
    return this == NGINX;
  }

  /** Whether idle upstream connections are kept and reused. */
  boolean reusesUpstreamConnections() {
    return this == HAPROXY;
  }

  /** The request as this software sends it upstream. */
  byte[] forwardedRequest(ClientRequest request, String clientAddress) {
    StringBuilder head = new StringBuilder();
    List<HeaderField> fields = request.headers();
    switch (this) {
      case NGINX -> {
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.0\r\n");
        HeaderField.first(fields, "Host").ifPresent(h -> line(head, "Host", h));
        String forwarded =
            HeaderField.first(fields, "X-Forwarded-For")
                .map(v -> v + ", " + clientAddress)
                .orElse(clientAddress);
        line(head, "X-Forwarded-For", forwarded);
        line(head, "Connection", "close");
        if (request.body().length > 0) {
          line(head, "Content-Length", Integer.toString(request.body().length));
        }
        for (HeaderField f : fields) {
          String name = f.lowerName();
          if (!HOP_BY_HOP.contains(name)
              && !name.equals("host")
              && !name.equals("x-forwarded-for")) {
            line(head, f.name(), f.value());
          }
        }
      }
      case HAPROXY -> {
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        for (HeaderField f : fields) {
          String name = f.lowerName();
          if (!HOP_BY_HOP.contains(name)) {
            line(head, name, f.value());
          }
        }
        if (request.body().length > 0) {
          line(head, "content-length", Integer.toString(request.body().length));
        }
        line(head, "x-forwarded-for", clientAddress);
      }
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + request.body().length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(request.body(), 0, all, headBytes.length, request.body().length);
    return all;
  }

  /** The head of a relayed upstream response as this software writes it to its client. */
  byte[] relayedHead(
      UpstreamResponse response,
      BodyRelay.Downstream downstream,
      boolean keepAlive,
      ClientRequest request,
      Instant now) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status());
    if (!response.reason().isEmpty()) {
      head.append(' ').append(response.reason());
    }
    head.append("\r\n");
    List<HeaderField> fields = response.headers();
    Optional<String> length =
        downstream == BodyRelay.Downstream.LENGTH
                || (downstream == BodyRelay.Downstream.NONE && request.head())
            ? HeaderField.first(fields, "Content-Length")
            : Optional.empty();
    switch (this) {
      case NGINX -> {
        serverHeader().ifPresent(v -> line(head, "Server", v));
        line(head, "Date", ErrorPage.HTTP_DATE.format(now));
        HeaderField.first(fields, "Content-Type").ifPresent(v -> line(head, "Content-Type", v));
        length.ifPresent(v -> line(head, "Content-Length", v));
        HeaderField.first(fields, "Last-Modified").ifPresent(v -> line(head, "Last-Modified", v));
        HeaderField.first(fields, "Location").ifPresent(v -> line(head, "Location", v));
        if (downstream == BodyRelay.Downstream.CHUNKED) {
          line(head, "Transfer-Encoding", "chunked");
        }
        line(head, "Connection", keepAlive ? "keep-alive" : "close");
        for (HeaderField f : fields) {
          String name = f.lowerName();
          if (!HOP_BY_HOP.contains(name)
              && !NGINX_REWRITTEN.contains(name)
              && !name.startsWith("x-accel-")) {
            line(head, f.name(), f.value());
          }
        }
      }
      case HAPROXY -> {
        boolean chunkedWritten = false;
        for (HeaderField f : fields) {
          String name = f.lowerName();
          if (name.equals("content-length")) {
            length.ifPresent(v -> line(head, name, v));
          } else if (name.equals("transfer-encoding")) {
            if (downstream == BodyRelay.Downstream.CHUNKED && !chunkedWritten) {
              line(head, name, "chunked");
              chunkedWritten = true;
            }
          } else if (!HOP_BY_HOP.contains(name)) {
            line(head, name, f.value());
          }
        }
        if (downstream == BodyRelay.Downstream.CHUNKED && !chunkedWritten) {
          line(head, "transfer-encoding", "chunked");
        }
        if (!keepAlive && request.http11()) {
          line(head, "connection", "close");
        } else if (keepAlive && !request.http11()) {
          line(head, "connection", "keep-alive");
        }
      }
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Fields nginx writes itself (or hides) instead of copying them from the upstream. */
  private static final Set<String> NGINX_REWRITTEN =
      Set.of("server", "date", "x-pad", "content-type", "last-modified", "location");

  private static void line(StringBuilder head, String name, String value) {
    head.append(name).append(": ").append(value).append("\r\n");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
