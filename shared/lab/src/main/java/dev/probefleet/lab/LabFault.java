package dev.probefleet.lab;

/**
 * A fault the {@link Lab} can inject at run time, named after what goes wrong, each standing for a
 * cause of DESIGN §1. Each belongs to one {@link LabHop}: injecting a fault replaces whatever fault
 * that hop (or that origin instance, or that path's DNS name) had.
 *
 * <p>The Javadoc of each constant says what a client sees on each path of the default lab (one
 * origin instance, no origin web server, the default timeouts of {@link LabBuilder}): the CDN
 * behaves like nginx, the load balancer like HAProxy, and every error page is the one recorded from
 * that software. A page relayed by a hop that did not write it keeps its body; the CDN then
 * rewrites {@code Server} as nginx does.
 */
public enum LabFault {
  // ---- origin: applies to every instance, or to one with Lab.inject(fault, instance) ----

  /**
   * The origin's port is closed (its process is down). origin: connection refused; lb: HAProxy 503
   * "No server is available to handle this request." (after its retry); cdn: that 503 relayed.
   * Stands for {@code CONNECTION_REFUSED}; on one instance of several, for {@code
   * INSTANCE_DEGRADED} (the load balancer sends the requests to the others).
   */
  ORIGIN_REFUSED(LabHop.ORIGIN),
  /**
   * The origin's port drops connection attempts (a firewall). origin: connect timeout; lb: HAProxy
   * 503 after {@code timeout connect} and its retry; cdn: that 503. Stands for {@code
   * CONNECT_TIMEOUT}.
   */
  ORIGIN_CONNECT_TIMEOUT(LabHop.ORIGIN),
  /**
   * The origin web server answers, its application server behind it is down (needs {@link
   * LabBuilder#originWebServer()}). origin: nginx 502 (its recorded "connect() failed (111:
   * Connection refused)" case); lb and cdn: that 502 relayed. Stands for {@code UPSTREAM_APP_DOWN}.
   */
  APP_DOWN(LabHop.ORIGIN),
  /**
   * The application sends a header line without a colon. origin: an invalid response; lb: HAProxy
   * 502 "The server returned an invalid or incomplete response."; cdn: that 502. Stands for {@code
   * INVALID_RESPONSE}.
   */
  ORIGIN_INVALID_HEADER(LabHop.ORIGIN),
  /** The application's status line is not HTTP ({@code HTTP/1.1 abc}); like the invalid header. */
  ORIGIN_INVALID_STATUS_LINE(LabHop.ORIGIN),
  /**
   * The application reads the request and closes without a byte. origin: an empty reply; lb:
   * HAProxy 502; cdn: that 502. Stands for {@code PREMATURE_CLOSE}.
   */
  ORIGIN_CLOSE_BEFORE_HEADERS(LabHop.ORIGIN),
  /** The application closes halfway through its header block; like the close before headers. */
  ORIGIN_CLOSE_MID_HEADERS(LabHop.ORIGIN),
  /**
   * The application resets the connection instead of answering. origin: a reset; lb: HAProxy 502;
   * cdn: that 502. Stands for {@code CONNECTION_RESET}.
   */
  ORIGIN_RESET(LabHop.ORIGIN),
  /**
   * The application answers after {@link LabBuilder#slowOriginDelay} (2 s by default, within every
   * hop's default timeout): every path answers 200, slowly. No failure; the latency evidence shows
   * it. With a delay above the hops' timeouts, the load balancer answers its 504 instead.
   */
  ORIGIN_SLOW(LabHop.ORIGIN),
  /**
   * The application reads the request and never answers. origin: no first byte (the prober's
   * timeout); lb: HAProxy 504 "The server didn't respond in time." after its {@code timeout
   * server}; cdn: that 504. Stands for {@code RESPONSE_TIMEOUT}.
   */
  ORIGIN_HANG(LabHop.ORIGIN),
  /**
   * The application sends a 96 KiB header block. origin: an oversized header (for a prober that
   * allows 64 KiB); lb: HAProxy 502 (it cannot buffer them); cdn: that 502. Stands for {@code
   * OVERSIZED_HEADER}.
   */
  ORIGIN_OVERSIZED_HEADERS(LabHop.ORIGIN),
  /**
   * The application announces its body's length and closes halfway. Every path: the headers of a
   * 200 and a short body (each hop relays what came and closes). Stands for {@code BODY_TRUNCATED}.
   */
  ORIGIN_TRUNCATED_BODY(LabHop.ORIGIN),
  /**
   * The application sends the headers and half the body, then stalls. origin: the body never
   * completes (the prober's timeout); lb: the body cut after HAProxy's {@code timeout server}; cdn:
   * cut when the load balancer cuts. Stands for {@code DOWNLOAD_TIMEOUT}.
   */
  ORIGIN_STALL_MID_BODY(LabHop.ORIGIN),
  /** The application sends half the body, then resets the connection. Every path: a cut body. */
  ORIGIN_RESET_MID_BODY(LabHop.ORIGIN),
  /** The application answers 500; relayed as is by every hop. Stands for {@code HTTP_5XX}. */
  ORIGIN_HTTP_500(LabHop.ORIGIN),
  /** The application answers 503; relayed as is by every hop. Stands for {@code HTTP_5XX}. */
  ORIGIN_HTTP_503(LabHop.ORIGIN),
  /**
   * The application answers 404 (a wrong path after a deploy); relayed. Stands for {@code
   * HTTP_UNEXPECTED_STATUS}.
   */
  ORIGIN_HTTP_404(LabHop.ORIGIN),
  /**
   * The application answers 200 with a maintenance text instead of {@code ok}; relayed. Stands for
   * {@code ASSERTION_FAILED}.
   */
  ORIGIN_WRONG_BODY(LabHop.ORIGIN),

  // ---- load balancer ----

  /** The load balancer's port is closed. lb: connection refused; cdn: nginx 502. */
  LB_DOWN(LabHop.LOAD_BALANCER),
  /**
   * Its server lines point at a port where nothing listens. lb: HAProxy 503 "No server is
   * available" after its retry; cdn: that 503; origin: 200. Stands for {@code
   * UPSTREAM_CONNECT_FAILED}.
   */
  LB_UPSTREAM_PORT_WRONG(LabHop.LOAD_BALANCER),
  /**
   * Its {@code timeout server} drops to {@link LabBuilder#shortTimeout} (500 ms) while the origin
   * takes {@link LabBuilder#slowOriginDelay} (2 s). lb: HAProxy 504 after about 500 ms; cdn: that
   * 504; origin: 200 after 2 s. Stands for {@code UPSTREAM_TIMEOUT}.
   */
  LB_TIMEOUT_SHORT(LabHop.LOAD_BALANCER),
  /**
   * Every server is marked down (as when its health checks fail, e.g. checking a path the origin
   * does not serve). lb: HAProxy 503 at once; cdn: that 503; origin: 200. Stands for {@code
   * NO_HEALTHY_UPSTREAM}.
   */
  LB_NO_HEALTHY_UPSTREAM(LabHop.LOAD_BALANCER),
  /**
   * Its header buffer shrinks to {@link LabBuilder#smallHeaderBuffer} (8 KiB) while the origin
   * sends a {@link LabBuilder#largeHeaderBytes} (12 KiB) cookie — legal, and within the other hops'
   * buffers. lb: HAProxy 502; cdn: that 502; origin: 200. Stands for {@code
   * UPSTREAM_HEADER_TOO_LARGE}.
   */
  LB_HEADER_BUFFER_SMALL(LabHop.LOAD_BALANCER),
  /**
   * The keep-alive race: the origin closes a kept-alive connection just as the load balancer reuses
   * it, every {@link LabBuilder#intermittentEvery}-th reused connection. lb: HAProxy 502 now and
   * then, 200 otherwise; cdn: the same; origin: always 200. Stands for {@code INTERMITTENT_5XX}.
   */
  LB_INTERMITTENT_502(LabHop.LOAD_BALANCER),
  /**
   * The load balancer presents an expired certificate (needs {@link LabBuilder#lbTls()}). lb: an
   * invalid certificate; cdn: nginx 502 (its verification fails). Stands for {@code
   * TLS_CERTIFICATE_INVALID}.
   */
  LB_CERTIFICATE_EXPIRED(LabHop.LOAD_BALANCER),
  /**
   * The load balancer presents a certificate for another name (needs {@link LabBuilder#lbTls()});
   * like the expired one.
   */
  LB_CERTIFICATE_WRONG_NAME(LabHop.LOAD_BALANCER),
  /**
   * The load balancer's certificate expires in five days (needs {@link LabBuilder#lbTls()}). Every
   * path: 200. Stands for {@code CERTIFICATE_EXPIRING}.
   */
  LB_CERTIFICATE_EXPIRING(LabHop.LOAD_BALANCER),

  // ---- CDN ----

  /** The CDN's port is closed. cdn: connection refused; lb and origin: 200. */
  CDN_DOWN(LabHop.CDN),
  /**
   * Its upstream points at a port where nothing listens. cdn: nginx 502 at once; lb, origin: 200.
   * Stands for {@code UPSTREAM_CONNECT_FAILED}.
   */
  CDN_UPSTREAM_PORT_WRONG(LabHop.CDN),
  /**
   * Its {@code proxy_read_timeout} drops to {@link LabBuilder#shortTimeout} (500 ms) while the
   * origin takes {@link LabBuilder#slowOriginDelay} (2 s). cdn: nginx 504 after about 500 ms; lb
   * and origin: 200 after 2 s. Stands for {@code UPSTREAM_TIMEOUT}.
   */
  CDN_TIMEOUT_SHORT(LabHop.CDN),
  /**
   * Its TLS to the load balancer fails: it stops sending SNI (nginx's default {@code
   * proxy_ssl_server_name off}) to a load balancer that requires it (needs {@link
   * LabBuilder#lbTls()}). cdn: nginx 502; lb, origin: 200. Stands for {@code UPSTREAM_TLS_FAILED}.
   */
  CDN_UPSTREAM_TLS_FAILED(LabHop.CDN),
  /**
   * Its {@code proxy_buffer_size} shrinks to {@link LabBuilder#smallHeaderBuffer} (8 KiB) while the
   * origin sends a {@link LabBuilder#largeHeaderBytes} (12 KiB) cookie. cdn: nginx 502 ("upstream
   * sent too big header"); lb, origin: 200. Stands for {@code UPSTREAM_HEADER_TOO_LARGE}.
   */
  CDN_HEADER_BUFFER_SMALL(LabHop.CDN),

  // ---- DNS: applies to the CDN's name, or to another path's with Lab.inject(fault, path) ----

  /**
   * The name does not exist. That path: a DNS failure (NXDOMAIN). Stands for {@code DNS_FAILURE}.
   */
  DNS_NXDOMAIN(LabHop.DNS),
  /** The resolver fails for the name (SERVFAIL). Stands for {@code DNS_FAILURE}. */
  DNS_SERVFAIL(LabHop.DNS),
  /** The resolver never answers for the name. Stands for {@code DNS_FAILURE} (a timeout). */
  DNS_TIMEOUT(LabHop.DNS),
  /**
   * The name resolves to 127.0.0.2, outside the path's {@code expectAddresses} (127.0.0.1/32).
   * Stands for {@code DNS_UNEXPECTED_ADDRESS}.
   */
  DNS_UNEXPECTED_ADDRESS(LabHop.DNS);

  private final LabHop hop;

  LabFault(LabHop hop) {
    this.hop = hop;
  }

  /** The hop this fault is injected into. */
  public LabHop hop() {
    return hop;
  }
}
