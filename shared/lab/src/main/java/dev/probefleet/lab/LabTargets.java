package dev.probefleet.lab;

import dev.probefleet.model.AddressRange;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Target;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a prober is given to probe a running lab: its paths ({@link LabPath}) and the {@link Target}
 * naming them, as a targets file would — {@code GET /health} expecting 200 with {@code ok} in the
 * body, the lab's host as {@code Host} (and SNI) on every path, the lab's CA inlined for a TLS load
 * balancer, and {@code expectAddresses} on the named paths so the DNS faults show.
 */
final class LabTargets {
  private final LabSettings settings;
  private final LabTopology topology;

  LabTargets(LabSettings settings, LabTopology topology) {
    this.settings = settings;
    this.topology = topology;
  }

  LabPath cdnPath() {
    return new LabPath(
        PathKind.CDN,
        0,
        url("http", settings.host(), topology.cdn().port()),
        topology.cdn().address(),
        settings.host(),
        false);
  }

  LabPath lbPath() {
    boolean tls = topology.certificates().isPresent();
    return new LabPath(
        PathKind.LB,
        0,
        url(tls ? "https" : "http", settings.lbName(), topology.loadBalancer().port()),
        topology.loadBalancer().address(),
        settings.host(),
        tls);
  }

  LabPath originPath(int instance) {
    InetSocketAddress front = topology.origin(instance).front();
    return new LabPath(
        PathKind.ORIGIN,
        instance,
        url("http", front.getAddress().getHostAddress(), front.getPort()),
        front,
        settings.host(),
        false);
  }

  List<LabPath> paths() {
    List<LabPath> all = new ArrayList<>(List.of(cdnPath(), lbPath()));
    for (int i = 0; i < topology.origins().size(); i++) {
      all.add(originPath(i));
    }
    return List.copyOf(all);
  }

  Target target(Lab.Addressing addressing) {
    List<PathSpec> originSpecs = new ArrayList<>();
    for (int i = 0; i < topology.origins().size(); i++) {
      originSpecs.add(spec(originPath(i), addressing));
    }
    return new Target(
        settings.targetName(),
        RequestSpec.DEFAULT,
        new ExpectSpec(List.of(200), Optional.of("ok")),
        BurstSpec.SINGLE,
        Optional.of(spec(cdnPath(), addressing)),
        Optional.of(spec(lbPath(), addressing)),
        originSpecs);
  }

  /**
   * {@code count} healthy targets through the same hops, each with its own cdn, lb and origin
   * paths: named {@code <targetName>-0001} on, each path's URL carrying the target's name as its
   * query ({@code /health?target=shop-0001}) so that no two targets share a URL, the origin
   * instances taken in turn; by loopback address (the lab's DNS server knows the lab's two names
   * only).
   */
  List<Target> fleet(int count) {
    if (count < 1 || count > Lab.MAX_FLEET_TARGETS) {
      throw new IllegalArgumentException(
          "a lab fleet has 1 to " + Lab.MAX_FLEET_TARGETS + " targets, got " + count);
    }
    int digits = Math.max(4, Integer.toString(count).length());
    List<Target> fleet = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String name = settings.targetName() + "-" + String.format("%0" + digits + "d", i);
      String query = "?target=" + name;
      Lab.Addressing addressing = Lab.Addressing.LOOPBACK_ADDRESSES;
      fleet.add(
          new Target(
              name,
              RequestSpec.DEFAULT,
              new ExpectSpec(List.of(200), Optional.of("ok")),
              BurstSpec.SINGLE,
              Optional.of(spec(cdnPath(), addressing, query)),
              Optional.of(spec(lbPath(), addressing, query)),
              List.of(spec(originPath((i - 1) % topology.origins().size()), addressing, query))));
    }
    return List.copyOf(fleet);
  }

  private PathSpec spec(LabPath path, Lab.Addressing addressing) {
    return spec(path, addressing, "");
  }

  private PathSpec spec(LabPath path, Lab.Addressing addressing, String query) {
    boolean named = path.kind() != PathKind.ORIGIN && addressing == Lab.Addressing.NAMES;
    URI url =
        named
            ? path.url()
            : url(path.tls() ? "https" : "http", "127.0.0.1", path.connectTo().getPort());
    if (!query.isEmpty()) {
      url = URI.create(url + query);
    }
    Optional<CaBundle> ca =
        path.tls()
            ? topology
                .certificates()
                .map(c -> new CaBundle("the probefleet lab's CA (in memory)", c.caPem()))
            : Optional.empty();
    return new PathSpec(
        path.kind(),
        path.instance(),
        url,
        Optional.of(path.host()),
        Optional.empty(),
        Optional.empty(),
        false,
        ca,
        Optional.empty(),
        named ? List.of(AddressRange.parse("127.0.0.1/32")) : List.of(),
        Map.of(),
        List.of());
  }

  private static URI url(String scheme, String host, int port) {
    return URI.create(scheme + "://" + host + ":" + port + Lab.HEALTH_PATH);
  }
}
