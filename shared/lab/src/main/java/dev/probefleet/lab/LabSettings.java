package dev.probefleet.lab;

import dev.probefleet.lab.topology.HopSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link LabBuilder} decided, validated: names, sizes and each hop's timeouts and buffers
 * when healthy. The hops' {@link HopSettings} when healthy derive from it here, so the topology
 * that starts the hops and the reconciliation that rewrites them under a fault start from the same
 * lines of configuration.
 */
record LabSettings(
    String targetName,
    String domain,
    int origins,
    boolean originWebServer,
    boolean lbTls,
    Duration jitter,
    Duration cdnConnectTimeout,
    Duration cdnReadTimeout,
    Duration lbConnectTimeout,
    Duration lbServerTimeout,
    int lbRetries,
    Duration lbHealthCheckInterval,
    Duration webServerReadTimeout,
    Duration shortTimeout,
    Duration slowOriginDelay,
    int intermittentEvery,
    int largeHeaderBytes,
    int smallHeaderBuffer,
    int cdnHeaderBuffer,
    int lbHeaderBuffer,
    int webServerHeaderBuffer) {

  /** The host every path is asked for, e.g. {@code shop.lab.test}. */
  String host() {
    return targetName + "." + domain;
  }

  /** The name the lb path's URL uses, e.g. {@code lb.lab.test}. */
  String lbName() {
    return "lb." + domain;
  }

  /** The CDN edge forwarding to {@code upstream} (nginx: one upstream, no retry). */
  HopSettings cdn(InetSocketAddress upstream, Duration currentJitter) {
    return HopSettings.forwardingTo(List.of(upstream))
        .withConnectTimeout(cdnConnectTimeout)
        .withReadTimeout(cdnReadTimeout)
        .withHeaderBufferBytes(cdnHeaderBuffer)
        .withRetries(0)
        .withJitter(currentJitter);
  }

  /** The load balancer over {@code upstreams}, with its health checks when it has them. */
  HopSettings loadBalancer(List<InetSocketAddress> upstreams, Duration currentJitter) {
    Optional<HopSettings.HealthCheck> checks =
        lbHealthCheckInterval.isZero()
            ? Optional.empty()
            : Optional.of(new HopSettings.HealthCheck(lbHealthCheckInterval, 2, 2));
    return HopSettings.forwardingTo(upstreams)
        .withConnectTimeout(lbConnectTimeout)
        .withReadTimeout(lbServerTimeout)
        .withHeaderBufferBytes(lbHeaderBuffer)
        .withRetries(lbRetries)
        .withHealthCheck(checks)
        .withJitter(currentJitter);
  }

  /** An origin web server (nginx) in front of its application server. */
  HopSettings webServer(InetSocketAddress app, Duration currentJitter) {
    return HopSettings.forwardingTo(List.of(app))
        .withConnectTimeout(Duration.ofSeconds(1))
        .withReadTimeout(webServerReadTimeout)
        .withHeaderBufferBytes(webServerHeaderBuffer)
        .withRetries(0)
        .withJitter(currentJitter);
  }
}
