package dev.probefleet.lab;

import java.time.Duration;
import java.util.Objects;

/**
 * How the lab is built, with its timeouts and sizes. The defaults keep every hop's own answer
 * within a prober's default 10 s: the load balancer gives up on a silent origin after 5 s, the CDN
 * after 8 s (so the load balancer's 504 reaches it first), the origin web server after 30 s.
 */
public final class LabBuilder {
  private String targetName = "shop";
  private String domain = "lab.test";
  private int origins = 1;
  private boolean originWebServer;
  private boolean lbTls;
  private Duration jitter = Duration.ZERO;
  private Duration cdnConnectTimeout = Duration.ofSeconds(2);
  private Duration cdnReadTimeout = Duration.ofSeconds(8);
  private Duration lbConnectTimeout = Duration.ofSeconds(1);
  private Duration lbServerTimeout = Duration.ofSeconds(5);
  private int lbRetries = 1;
  private Duration lbHealthCheckInterval = Duration.ofSeconds(1);
  private Duration webServerReadTimeout = Duration.ofSeconds(30);
  private Duration shortTimeout = Duration.ofMillis(500);
  private Duration slowOriginDelay = Duration.ofSeconds(2);
  private int intermittentEvery = 3;
  private int largeHeaderBytes = 12 * 1024;
  private int smallHeaderBuffer = 8 * 1024;
  private int cdnHeaderBuffer = 32 * 1024;
  private int lbHeaderBuffer = 16 * 1024 - 1024;
  private int webServerHeaderBuffer = 32 * 1024;

  LabBuilder() {}

  /** The target's name (default {@code shop}); its host is {@code <name>.<domain>}. */
  public LabBuilder targetName(String value) {
    this.targetName = dnsLabel("targetName", value);
    return this;
  }

  /** The domain of the lab's names (default {@code lab.test}, a reserved TLD). */
  public LabBuilder domain(String value) {
    Objects.requireNonNull(value, "domain");
    for (String label : value.split("\\.", -1)) {
      dnsLabel("domain", label);
    }
    this.domain = value;
    return this;
  }

  /** How many origin instances the load balancer balances over (default 1). */
  public LabBuilder origins(int value) {
    if (value < 1 || value > 16) {
      throw new IllegalArgumentException("origins must be between 1 and 16, got " + value);
    }
    this.origins = value;
    return this;
  }

  /**
   * Puts an nginx origin web server in front of each origin's application server (what the origin
   * path then reaches); needed by {@link LabFault#APP_DOWN}.
   */
  public LabBuilder originWebServer() {
    this.originWebServer = true;
    return this;
  }

  /**
   * The load balancer speaks HTTPS with a certificate from a CA made for this lab ({@link
   * Lab#caPem()}), requiring SNI as an SNI-routed load balancer does; the CDN verifies it. Needed
   * by the certificate faults and {@link LabFault#CDN_UPSTREAM_TLS_FAILED}.
   */
  public LabBuilder lbTls() {
    this.lbTls = true;
    return this;
  }

  /** The most random delay every hop and every origin adds to each request (default none). */
  public LabBuilder jitter(Duration value) {
    this.jitter = notNegative("jitter", value);
    return this;
  }

  /** The CDN's {@code proxy_read_timeout} when healthy (default 8 s). */
  public LabBuilder cdnReadTimeout(Duration value) {
    this.cdnReadTimeout = positive("cdnReadTimeout", value);
    return this;
  }

  /** The CDN's {@code proxy_connect_timeout} (default 2 s). */
  public LabBuilder cdnConnectTimeout(Duration value) {
    this.cdnConnectTimeout = positive("cdnConnectTimeout", value);
    return this;
  }

  /** The load balancer's {@code timeout server} when healthy (default 5 s). */
  public LabBuilder lbServerTimeout(Duration value) {
    this.lbServerTimeout = positive("lbServerTimeout", value);
    return this;
  }

  /**
   * The load balancer's {@code timeout connect} (default 1 s); it also waits this long (at most 1
   * s) before retrying a refused server.
   */
  public LabBuilder lbConnectTimeout(Duration value) {
    this.lbConnectTimeout = positive("lbConnectTimeout", value);
    return this;
  }

  /** The load balancer's {@code retries} (default 1). */
  public LabBuilder lbRetries(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("lbRetries must not be negative, got " + value);
    }
    this.lbRetries = value;
    return this;
  }

  /**
   * How often the load balancer checks each server with a TCP connect (default 1 s; two failures
   * mark it down, two successes up); zero turns health checks off.
   */
  public LabBuilder lbHealthCheckInterval(Duration value) {
    this.lbHealthCheckInterval = notNegative("lbHealthCheckInterval", value);
    return this;
  }

  /** The origin web server's {@code proxy_read_timeout} (default 30 s). */
  public LabBuilder webServerReadTimeout(Duration value) {
    this.webServerReadTimeout = positive("webServerReadTimeout", value);
    return this;
  }

  /** The timeout of a hop under a {@code TIMEOUT_SHORT} fault (default 500 ms). */
  public LabBuilder shortTimeout(Duration value) {
    this.shortTimeout = positive("shortTimeout", value);
    return this;
  }

  /**
   * How long a slow origin takes to answer (default 2 s): {@link LabFault#ORIGIN_SLOW}, and the
   * origin's latency under the {@code TIMEOUT_SHORT} faults; it must exceed {@link #shortTimeout}.
   * Below the hops' timeouts a slow origin is only slow; above them (e.g. 60 s, to play "the origin
   * answers after 60 s" against a prober's 5 s) the hops give up first, with their 504s.
   */
  public LabBuilder slowOriginDelay(Duration value) {
    this.slowOriginDelay = positive("slowOriginDelay", value);
    return this;
  }

  /** Which reused connection loses the keep-alive race (default every 3rd). */
  public LabBuilder intermittentEvery(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("intermittentEvery must be at least 1, got " + value);
    }
    this.intermittentEvery = value;
    return this;
  }

  /** The size of the cookie the origin sends under a {@code HEADER_BUFFER_SMALL} fault. */
  public LabBuilder largeHeaderBytes(int value) {
    this.largeHeaderBytes = value;
    return this;
  }

  /** A hop's header buffer under a {@code HEADER_BUFFER_SMALL} fault (default 8 KiB). */
  public LabBuilder smallHeaderBuffer(int value) {
    this.smallHeaderBuffer = value;
    return this;
  }

  public Lab start() {
    if (shortTimeout.compareTo(slowOriginDelay) >= 0) {
      throw new IllegalArgumentException(
          "shortTimeout ("
              + shortTimeout
              + ") must be below slowOriginDelay ("
              + slowOriginDelay
              + "), or a TIMEOUT_SHORT hop would not time out");
    }
    int smallest = Math.min(cdnHeaderBuffer, Math.min(lbHeaderBuffer, webServerHeaderBuffer));
    if (smallHeaderBuffer >= largeHeaderBytes || largeHeaderBytes + 1024 > smallest) {
      throw new IllegalArgumentException(
          "the large header ("
              + largeHeaderBytes
              + " bytes) must exceed the small header buffer ("
              + smallHeaderBuffer
              + ") and fit the healthy buffers ("
              + smallest
              + ") with room for the rest of the head");
    }
    return new Lab(settings());
  }

  private LabSettings settings() {
    return new LabSettings(
        targetName,
        domain,
        origins,
        originWebServer,
        lbTls,
        jitter,
        cdnConnectTimeout,
        cdnReadTimeout,
        lbConnectTimeout,
        lbServerTimeout,
        lbRetries,
        lbHealthCheckInterval,
        webServerReadTimeout,
        shortTimeout,
        slowOriginDelay,
        intermittentEvery,
        largeHeaderBytes,
        smallHeaderBuffer,
        cdnHeaderBuffer,
        lbHeaderBuffer,
        webServerHeaderBuffer);
  }

  private static String dnsLabel(String field, String value) {
    Objects.requireNonNull(value, field);
    if (!value.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
      throw new IllegalArgumentException(field + " must be lower-case DNS labels: " + value);
    }
    return value;
  }

  private static Duration positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
    return value;
  }

  static Duration notNegative(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
    return value;
  }
}
