package dev.probefleet.lab;

import dev.probefleet.model.PathKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which fault holds where: one slot per hop, per origin instance and per path's DNS name, each
 * holding at most one fault, in the order they were injected. Refuses a fault the lab was built
 * without the means for, or a place the fault cannot apply to, before anything changes. Not
 * thread-safe: the {@link Lab} guards it.
 */
final class FaultsInForce {
  private final LabSettings settings;
  private final Map<String, LabFault> faults = new LinkedHashMap<>();

  FaultsInForce(LabSettings settings) {
    this.settings = settings;
  }

  /** Into its hop: an origin fault into every instance, a DNS fault into the cdn path's name. */
  void inject(LabFault fault) {
    requireApplicable(fault);
    switch (fault.hop()) {
      case ORIGIN -> {
        for (int i = 0; i < settings.origins(); i++) {
          faults.put(originSlot(i), fault);
        }
      }
      case DNS -> faults.put(dnsSlot(PathKind.CDN), fault);
      case LOAD_BALANCER -> faults.put("lb", fault);
      case CDN -> faults.put("cdn", fault);
    }
  }

  /** An origin fault into one instance only. */
  void inject(LabFault fault, int instance) {
    if (fault.hop() != LabHop.ORIGIN) {
      throw new UnableToInjectFaultException(fault, "only origin faults apply to one instance");
    }
    if (instance < 0 || instance >= settings.origins()) {
      throw new UnableToInjectFaultException(
          fault, "there is no origin instance " + instance + " of " + settings.origins());
    }
    requireApplicable(fault);
    faults.put(originSlot(instance), fault);
  }

  /** A DNS fault into the name of the cdn or the lb path. */
  void inject(LabFault fault, PathKind path) {
    if (fault.hop() != LabHop.DNS) {
      throw new UnableToInjectFaultException(fault, "only DNS faults apply to a path's name");
    }
    if (path == PathKind.ORIGIN) {
      throw new UnableToInjectFaultException(fault, "origin paths use addresses, not names");
    }
    faults.put(dnsSlot(path), fault);
  }

  void clear() {
    faults.clear();
  }

  /** The faults in force, in the order they were injected. */
  List<InjectedFault> list() {
    return faults.entrySet().stream()
        .map(e -> new InjectedFault(e.getValue(), e.getKey()))
        .toList();
  }

  Optional<LabFault> atCdn() {
    return Optional.ofNullable(faults.get("cdn"));
  }

  Optional<LabFault> atLoadBalancer() {
    return Optional.ofNullable(faults.get("lb"));
  }

  Optional<LabFault> atOrigin(int instance) {
    return Optional.ofNullable(faults.get(originSlot(instance)));
  }

  /** The DNS fault on the name of the cdn or lb path. */
  Optional<LabFault> atName(PathKind path) {
    return Optional.ofNullable(faults.get(dnsSlot(path)));
  }

  private void requireApplicable(LabFault fault) {
    if (fault == LabFault.APP_DOWN && !settings.originWebServer()) {
      throw new UnableToInjectFaultException(
          fault, "the lab has no origin web server; build it with originWebServer()");
    }
    boolean needsTls =
        switch (fault) {
          case LB_CERTIFICATE_EXPIRED,
              LB_CERTIFICATE_WRONG_NAME,
              LB_CERTIFICATE_EXPIRING,
              CDN_UPSTREAM_TLS_FAILED ->
              true;
          default -> false;
        };
    if (needsTls && !settings.lbTls()) {
      throw new UnableToInjectFaultException(
          fault, "the load balancer speaks plain HTTP; build the lab with lbTls()");
    }
  }

  private static String originSlot(int instance) {
    return "origin[" + instance + "]";
  }

  private static String dnsSlot(PathKind path) {
    return "dns:" + path.key();
  }
}
