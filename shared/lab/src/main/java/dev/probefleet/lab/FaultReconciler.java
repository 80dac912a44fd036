package dev.probefleet.lab;

import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.LoopbackListener.State;
import dev.probefleet.lab.server.StubDnsServer;
import dev.probefleet.lab.topology.HopSettings;
import dev.probefleet.lab.topology.ProxyHop;
import dev.probefleet.model.PathKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Turns the faults in force into the state of every part of the topology: which ports listen,
 * refuse or drop connection attempts; what each hop's configuration lines say (upstreams, timeouts,
 * buffers, upstream TLS, servers marked down); which certificate the load balancer presents; what
 * the origin applications answer; what the DNS server answers for each name. It always sets
 * everything from scratch, so the result depends only on the faults in force, never on the order
 * they came in; and it resets what a real reload would reset (the load balancer's health-check
 * state and idle connections, the hops' logs).
 */
final class FaultReconciler {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final InetAddress UNEXPECTED_ADDRESS = address("127.0.0.2");

  private final LabSettings settings;
  private final LabTopology topology;

  FaultReconciler(LabSettings settings, LabTopology topology) {
    this.settings = settings;
    this.topology = topology;
  }

  /** Sets every hop, origin and name from the faults in force and the jitter. */
  void apply(FaultsInForce faults, Duration jitter) {
    LabFault cdnFault = faults.atCdn().orElse(null);
    LabFault lbFault = faults.atLoadBalancer().orElse(null);
    origins(faults, cdnFault, lbFault, jitter);
    loadBalancer(lbFault, jitter);
    cdn(cdnFault, jitter);
    names(faults);
  }

  private void origins(FaultsInForce faults, LabFault cdnFault, LabFault lbFault, Duration jitter) {
    boolean slowOrigin =
        cdnFault == LabFault.CDN_TIMEOUT_SHORT || lbFault == LabFault.LB_TIMEOUT_SHORT;
    boolean largeHeader =
        cdnFault == LabFault.CDN_HEADER_BUFFER_SMALL || lbFault == LabFault.LB_HEADER_BUFFER_SMALL;
    int race = lbFault == LabFault.LB_INTERMITTENT_502 ? settings.intermittentEvery() : 0;

    List<LabTopology.Origin> origins = topology.origins();
    for (int i = 0; i < origins.size(); i++) {
      LabTopology.Origin origin = origins.get(i);
      LabFault fault = faults.atOrigin(i).orElse(null);
      if (origin.webServer().isPresent()) {
        ProxyHop web = origin.webServer().get();
        setPort(web, portState(fault));
        setPort(origin.app(), fault == LabFault.APP_DOWN ? State.REFUSING : State.LISTENING);
        web.update(s -> s.withJitter(jitter).withKeepAliveRaceEvery(race));
        web.clearLog();
      } else {
        setPort(origin.app(), portState(fault));
      }
      // Behind an origin web server, that server plays the keep-alive race, not the application.
      origin
          .application()
          .behave(
              new OriginApplication.Behaviour(
                  fault,
                  slowOrigin,
                  largeHeader,
                  origin.webServer().isPresent() ? 0 : race,
                  jitter));
    }
  }

  private void loadBalancer(LabFault lbFault, Duration jitter) {
    ProxyHop lb = topology.loadBalancer();
    setPort(lb, portState(lbFault));
    topology.certificates().ifPresent(c -> lb.presentCertificate(c.presentedUnder(lbFault)));
    List<InetSocketAddress> upstreams =
        lbFault == LabFault.LB_UPSTREAM_PORT_WRONG ? topology.lbWrongPorts() : topology.fronts();
    lb.update(
        s ->
            settings
                .loadBalancer(upstreams, jitter)
                .withReadTimeout(
                    lbFault == LabFault.LB_TIMEOUT_SHORT
                        ? settings.shortTimeout()
                        : settings.lbServerTimeout())
                .withHeaderBufferBytes(
                    lbFault == LabFault.LB_HEADER_BUFFER_SMALL
                        ? settings.smallHeaderBuffer()
                        : settings.lbHeaderBuffer())
                .withUpstreamsMarkedDown(lbFault == LabFault.LB_NO_HEALTHY_UPSTREAM));
    lb.resetHealth();
    lb.dropIdleConnections();
    lb.clearLog();
  }

  private void cdn(LabFault cdnFault, Duration jitter) {
    ProxyHop cdn = topology.cdn();
    setPort(cdn, portState(cdnFault));
    InetSocketAddress upstream =
        cdnFault == LabFault.CDN_UPSTREAM_PORT_WRONG
            ? topology.cdnWrongPort()
            : topology.loadBalancer().address();
    cdn.update(
        s ->
            settings
                .cdn(upstream, jitter)
                .withReadTimeout(
                    cdnFault == LabFault.CDN_TIMEOUT_SHORT
                        ? settings.shortTimeout()
                        : settings.cdnReadTimeout())
                .withHeaderBufferBytes(
                    cdnFault == LabFault.CDN_HEADER_BUFFER_SMALL
                        ? settings.smallHeaderBuffer()
                        : settings.cdnHeaderBuffer())
                .withUpstreamTls(
                    topology
                        .certificates()
                        .map(
                            c ->
                                new HopSettings.UpstreamTls(
                                    c.trustingContext(),
                                    settings.host(),
                                    cdnFault != LabFault.CDN_UPSTREAM_TLS_FAILED))));
    cdn.clearLog();
  }

  private void names(FaultsInForce faults) {
    StubDnsServer dns = topology.dns();
    for (PathKind path : List.of(PathKind.CDN, PathKind.LB)) {
      String name = path == PathKind.CDN ? settings.host() : settings.lbName();
      LabFault fault = faults.atName(path).orElse(null);
      if (fault == null) {
        dns.answer(name, LOOPBACK);
      } else {
        switch (fault) {
          case DNS_NXDOMAIN -> dns.nxdomain(name);
          case DNS_SERVFAIL -> dns.servfail(name);
          case DNS_TIMEOUT -> dns.drop(name);
          case DNS_UNEXPECTED_ADDRESS -> dns.answer(name, UNEXPECTED_ADDRESS);
          default -> throw new IllegalStateException(fault + " is not a DNS fault");
        }
      }
    }
  }

  /** What a hop's (or an origin's front) port does under a fault. */
  private static State portState(LabFault fault) {
    if (fault == null) {
      return State.LISTENING;
    }
    return switch (fault) {
      case ORIGIN_REFUSED, LB_DOWN, CDN_DOWN -> State.REFUSING;
      case ORIGIN_CONNECT_TIMEOUT -> State.DROPPING_SYNS;
      default -> State.LISTENING;
    };
  }

  private static void setPort(ProxyHop hop, State state) {
    switch (state) {
      case REFUSING -> hop.refuseConnections();
      case DROPPING_SYNS -> hop.dropConnectionAttempts();
      default -> hop.listen();
    }
  }

  private static void setPort(FaultHttpServer server, State state) {
    switch (state) {
      case REFUSING -> server.refuseConnections();
      case DROPPING_SYNS -> server.dropConnectionAttempts();
      default -> server.listen();
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(literal, e);
    }
  }
}
