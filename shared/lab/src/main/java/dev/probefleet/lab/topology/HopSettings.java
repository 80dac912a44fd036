package dev.probefleet.lab.topology;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The settings of a {@link ProxyHop} that can change while it runs — the lines of its configuration
 * the lab rewrites to inject a fault. Immutable; a hop swaps the whole record at once, so a request
 * sees either the old settings or the new ones, never a mix.
 *
 * @param upstreams the servers it forwards to (nginx {@code proxy_pass}/{@code upstream}, HAProxy
 *     {@code server} lines), tried round robin
 * @param connectTimeout how long a connect (and a TLS handshake) to an upstream may take (nginx
 *     {@code proxy_connect_timeout}, HAProxy {@code timeout connect})
 * @param readTimeout how long the upstream may stay silent while the hop waits for the response
 *     head or the next body bytes (nginx {@code proxy_read_timeout}, HAProxy {@code timeout
 *     server})
 * @param headerBufferBytes the largest upstream response head the hop accepts, status line included
 *     (nginx {@code proxy_buffer_size}, HAProxy {@code tune.bufsize} less {@code tune.maxrewrite})
 * @param retries further connect attempts after a failed one (HAProxy {@code retries}; nginx tries
 *     each upstream once)
 * @param upstreamsMarkedDown every upstream is considered down, as when all health checks fail
 * @param upstreamTls TLS to the upstreams, if they speak it
 * @param healthCheck TCP connect checks of every upstream (HAProxy {@code check}), if any
 * @param jitter the most random delay added before forwarding each request
 * @param keepAliveRaceEvery when above zero, every n-th request that a load balancer sends on a
 *     reused kept-alive connection is read and the connection closed without an answer — the race
 *     in which this hop's keep-alive timeout closes an idle connection just as the load balancer
 *     reuses it (see {@link ProxyHop})
 * @param clientIdleTimeout how long a kept-alive client connection may sit idle
 */
public record HopSettings(
    List<InetSocketAddress> upstreams,
    Duration connectTimeout,
    Duration readTimeout,
    int headerBufferBytes,
    int retries,
    boolean upstreamsMarkedDown,
    Optional<UpstreamTls> upstreamTls,
    Optional<HealthCheck> healthCheck,
    Duration jitter,
    int keepAliveRaceEvery,
    Duration clientIdleTimeout) {

  /**
   * TLS from the hop to its upstreams, as nginx's {@code proxy_ssl_verify on}, {@code
   * proxy_ssl_trusted_certificate}, {@code proxy_ssl_name} and {@code proxy_ssl_server_name}
   * configure it.
   *
   * @param trust the context whose trust managers verify the upstream's chain
   * @param verifyName the name the upstream's certificate must carry
   * @param sendSni whether the handshake names the server (nginx's default is not to)
   */
  public record UpstreamTls(SSLContext trust, String verifyName, boolean sendSni) {
    public UpstreamTls {
      Objects.requireNonNull(trust, "trust");
      Objects.requireNonNull(verifyName, "verifyName");
    }
  }

  /**
   * Layer-4 health checks: a TCP connect to each upstream every interval; {@code fall} failures in
   * a row mark it down, {@code rise} successes mark it up again (HAProxy's {@code check inter fall
   * rise}).
   */
  public record HealthCheck(Duration interval, int fall, int rise) {
    public HealthCheck {
      Objects.requireNonNull(interval, "interval");
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("health check interval must be positive: " + interval);
      }
      if (fall < 1 || rise < 1) {
        throw new IllegalArgumentException("fall and rise must be at least 1");
      }
    }
  }

  public HopSettings {
    upstreams = List.copyOf(upstreams);
    positive("connectTimeout", connectTimeout);
    positive("readTimeout", readTimeout);
    positive("clientIdleTimeout", clientIdleTimeout);
    if (headerBufferBytes < 256) {
      throw new IllegalArgumentException(
          "headerBufferBytes must be at least 256, got " + headerBufferBytes);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative, got " + retries);
    }
    Objects.requireNonNull(upstreamTls, "upstreamTls");
    Objects.requireNonNull(healthCheck, "healthCheck");
    Objects.requireNonNull(jitter, "jitter");
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("jitter must not be negative, got " + jitter);
    }
    if (keepAliveRaceEvery < 0) {
      throw new IllegalArgumentException("keepAliveRaceEvery must not be negative");
    }
  }

  /**
   * Forwarding to these upstreams with moderate timeouts: connect 1 s, read 5 s, a 16 KiB header
   * buffer, one retry, no TLS, no health checks, no jitter, 30 s client keep-alive.
   */
  public static HopSettings forwardingTo(List<InetSocketAddress> upstreams) {
    return new HopSettings(
        upstreams,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        16 * 1024,
        1,
        false,
        Optional.empty(),
        Optional.empty(),
        Duration.ZERO,
        0,
        Duration.ofSeconds(30));
  }

  public HopSettings withUpstreams(List<InetSocketAddress> value) {
    return new HopSettings(
        value,
        connectTimeout,
        readTimeout,
        headerBufferBytes,
        retries,
        upstreamsMarkedDown,
        upstreamTls,
        healthCheck,
        jitter,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withConnectTimeout(Duration value) {
    return new HopSettings(
        upstreams,
        value,
        readTimeout,
        headerBufferBytes,
        retries,
        upstreamsMarkedDown,
        upstreamTls,
        healthCheck,
        jitter,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withReadTimeout(Duration value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        value,
        headerBufferBytes,
        retries,
        upstreamsMarkedDown,
        upstreamTls,
        healthCheck,
        jitter,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withHeaderBufferBytes(int value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        readTimeout,
        value,
        retries,
        upstreamsMarkedDown,
        upstreamTls,
        healthCheck,
        jitter,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withRetries(int value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        readTimeout,
        headerBufferBytes,
        value,
        upstreamsMarkedDown,
        upstreamTls,
        healthCheck,
        jitter,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withUpstreamsMarkedDown(boolean value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        readTimeout,
        headerBufferBytes,
        retries,
        value,
        upstreamTls,
        healthCheck,
        jitter,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withUpstreamTls(Optional<UpstreamTls> value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        readTimeout,
        headerBufferBytes,
        retries,
        upstreamsMarkedDown,
        value,
        healthCheck,
        jitter,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withHealthCheck(Optional<HealthCheck> value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        readTimeout,
        headerBufferBytes,
        retries,
        upstreamsMarkedDown,
        upstreamTls,
        value,
        jitter,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withJitter(Duration value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        readTimeout,
        headerBufferBytes,
        retries,
        upstreamsMarkedDown,
        upstreamTls,
        healthCheck,
        value,
        keepAliveRaceEvery,
        clientIdleTimeout);
  }

  public HopSettings withKeepAliveRaceEvery(int value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        readTimeout,
        headerBufferBytes,
        retries,
        upstreamsMarkedDown,
        upstreamTls,
        healthCheck,
        jitter,
        value,
        clientIdleTimeout);
  }

  public HopSettings withClientIdleTimeout(Duration value) {
    return new HopSettings(
        upstreams,
        connectTimeout,
        readTimeout,
        headerBufferBytes,
        retries,
        upstreamsMarkedDown,
        upstreamTls,
        healthCheck,
        jitter,
        keepAliveRaceEvery,
        value);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
