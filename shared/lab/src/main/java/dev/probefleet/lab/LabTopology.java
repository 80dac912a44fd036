package dev.probefleet.lab;

import dev.probefleet.lab.server.ClosedPort;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.StubDnsServer;
import dev.probefleet.lab.topology.ProxyHop;
import dev.probefleet.lab.topology.ProxySoftware;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The lab's parts, started and wired to each other once: the DNS server, each origin instance (its
 * application server and optionally the nginx in front of it), the load balancer over the origins'
 * fronts, the CDN edge in front of the load balancer, and the closed ports a misconfigured hop
 * points at. It owns their lifetimes (closed in reverse order of start, also when a later part
 * fails to start); what each part does at any moment is the reconciliation's business ({@link
 * FaultReconciler}).
 */
final class LabTopology implements AutoCloseable {

  /** One origin instance: its application server and, optionally, the nginx in front of it. */
  record Origin(FaultHttpServer app, OriginApplication application, Optional<ProxyHop> webServer) {
    /** What the load balancer and the origin path reach: the web server when there is one. */
    InetSocketAddress front() {
      return webServer.map(ProxyHop::address).orElse(app.address());
    }
  }

  private final Deque<AutoCloseable> started;
  private final StubDnsServer dns;
  private final List<Origin> origins = new ArrayList<>();
  private final List<ClosedPort> lbWrongPorts = new ArrayList<>();
  private final Optional<LabCertificates> certificates;
  private final ProxyHop lb;
  private final ProxyHop cdn;
  private final ClosedPort cdnWrongPort;

  private LabTopology(LabSettings settings, Deque<AutoCloseable> started) {
    this.started = started;
    this.dns = keep(StubDnsServer.start());
    this.certificates =
        settings.lbTls() ? Optional.of(LabCertificates.mint(settings)) : Optional.empty();
    for (int i = 0; i < settings.origins(); i++) {
      OriginApplication application = new OriginApplication(settings);
      FaultHttpServer app = keep(FaultHttpServer.start());
      app.dispatch(application::reply);
      Optional<ProxyHop> web = Optional.empty();
      if (settings.originWebServer()) {
        web =
            Optional.of(
                keep(
                    ProxyHop.builder("origin-web-" + i, ProxySoftware.NGINX)
                        .settings(settings.webServer(app.address(), settings.jitter()))
                        .start()));
      }
      origins.add(new Origin(app, application, web));
      lbWrongPorts.add(keep(ClosedPort.reserve()));
    }
    ProxyHop.Builder lbBuilder =
        ProxyHop.builder("lb", ProxySoftware.HAPROXY)
            .settings(settings.loadBalancer(fronts(), settings.jitter()));
    certificates.ifPresent(c -> lbBuilder.tls(c.good()));
    this.lb = keep(lbBuilder.start());
    this.cdnWrongPort = keep(ClosedPort.reserve());
    this.cdn =
        keep(
            ProxyHop.builder("cdn", ProxySoftware.NGINX)
                .settings(settings.cdn(lb.address(), settings.jitter()))
                .start());
  }

  /** Starts every part; on a failure, closes what had started and rethrows. */
  static LabTopology start(LabSettings settings) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      return new LabTopology(settings, started);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  StubDnsServer dns() {
    return dns;
  }

  ProxyHop cdn() {
    return cdn;
  }

  ProxyHop loadBalancer() {
    return lb;
  }

  Optional<LabCertificates> certificates() {
    return certificates;
  }

  List<Origin> origins() {
    return origins;
  }

  /** One origin instance. */
  Origin origin(int instance) {
    if (instance < 0 || instance >= origins.size()) {
      throw new IndexOutOfBoundsException("origin instance " + instance + " of " + origins.size());
    }
    return origins.get(instance);
  }

  /** The closed port a load balancer pointed at the wrong port forwards to, one per instance. */
  List<InetSocketAddress> lbWrongPorts() {
    return lbWrongPorts.stream().map(ClosedPort::address).toList();
  }

  /** The closed port a CDN pointed at the wrong port forwards to. */
  InetSocketAddress cdnWrongPort() {
    return cdnWrongPort.address();
  }

  /** Where the load balancer forwards when healthy: each origin's front. */
  List<InetSocketAddress> fronts() {
    return origins.stream().map(Origin::front).toList();
  }

  /** Every forwarding hop: cdn, lb, then the origin web servers. */
  List<ProxyHop> hops() {
    List<ProxyHop> hops = new ArrayList<>(List.of(cdn, lb));
    for (Origin o : origins) {
      o.webServer().ifPresent(hops::add);
    }
    return hops;
  }

  /** Every port held: listeners, reserved closed ports, the DNS server's. */
  List<Integer> ports() {
    List<Integer> ports = new ArrayList<>(List.of(cdn.port(), lb.port(), dns.port()));
    ports.add(cdnWrongPort.port());
    for (int i = 0; i < origins.size(); i++) {
      Origin o = origins.get(i);
      ports.add(o.app().port());
      o.webServer().ifPresent(w -> ports.add(w.port()));
      ports.add(lbWrongPorts.get(i).port());
    }
    return List.copyOf(ports);
  }

  /** Threads the servers still run. */
  int liveThreads() {
    int live = 0;
    for (ProxyHop hop : hops()) {
      live += hop.liveThreads();
    }
    for (Origin o : origins) {
      live += o.app().liveThreads();
    }
    return live;
  }

  /** Closes every part, the last started first; waits for the servers' threads to end. */
  @Override
  public void close() {
    closeAll(started);
  }

  private <T extends AutoCloseable> T keep(T resource) {
    started.push(resource);
    return resource;
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // closing the rest anyway
      }
    }
  }
}
