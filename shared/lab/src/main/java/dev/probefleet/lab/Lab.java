package dev.probefleet.lab;

import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.topology.HopLogLine;
import dev.probefleet.lab.topology.ProxyHop;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.Target;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The in-process fault lab: a CDN edge (behaving like nginx) forwarding to a load balancer (like
 * HAProxy) forwarding to one or several origin instances (application servers answering {@code GET
 * /health} with {@code 200 ok}, optionally each behind an nginx origin web server), plus a DNS
 * server for the lab's names — all on loopback ports chosen at run time. Faults ({@link LabFault})
 * are injected and cleared at run time, at once and thread-safely, without restarting anything;
 * every error page a hop answers is the one recorded from the real software.
 *
 * <pre>{@code
 * try (Lab lab = Lab.builder().origins(3).jitter(Duration.ofMillis(20)).start()) {
 *   Target target = lab.target();            // cdn, lb and origin paths, Host set
 *   lab.inject(LabFault.LB_TIMEOUT_SHORT);   // lb answers HAProxy's 504, cdn relays it
 *   lab.inject(LabFault.ORIGIN_REFUSED, 1);  // and origin instance 1 is down
 *   lab.clear();                             // healthy again
 * }
 * }</pre>
 *
 * <p>The cdn and lb paths are named ({@code shop.lab.test}, {@code lb.lab.test}); a prober resolves
 * them with the lab's {@link #dnsServer()}, which is what lets the DNS faults work. {@link
 * #target(Addressing)} gives loopback addresses instead, for a prober using the system resolver.
 *
 * <p>A fault holds until it is replaced or cleared; each hop (each origin instance, each path's DNS
 * name) holds one fault at a time. Switching resets what a real reload would reset: the load
 * balancer's health-check state and idle connections, and the hops' logs ({@link #log()}).
 *
 * <p>This class is the lab's face; the work is done by parts with one job each: {@link LabBuilder}
 * (settings, validated), {@link LabTopology} (starting and wiring the servers, and closing them),
 * {@link FaultsInForce} (which fault holds where), {@link FaultReconciler} (what each part does
 * under those faults) and {@link LabTargets} (the paths and the target a prober is given).
 */
public final class Lab implements AutoCloseable {
  /** The path every target of the lab requests. */
  public static final String HEALTH_PATH = "/health";

  /** The most targets {@link #fleetTargets(int)} makes. */
  public static final int MAX_FLEET_TARGETS = 100_000;

  /** How the cdn and lb paths of {@link #target(Addressing)} name their host. */
  public enum Addressing {
    /** By name, resolved by the lab's DNS server (the DNS faults need this). */
    NAMES,
    /** By loopback address, with the {@code Host} header set; no DNS involved. */
    LOOPBACK_ADDRESSES
  }

  private final LabSettings settings;
  private final LabTopology topology;
  private final FaultsInForce faults;
  private final FaultReconciler reconciler;
  private final LabTargets targets;
  private Duration jitter;
  private boolean closed;

  Lab(LabSettings settings) {
    this.settings = settings;
    this.jitter = settings.jitter();
    this.faults = new FaultsInForce(settings);
    this.topology = LabTopology.start(settings);
    try {
      this.reconciler = new FaultReconciler(settings, topology);
      this.targets = new LabTargets(settings, topology);
      synchronized (this) {
        reconcile();
      }
    } catch (RuntimeException e) {
      topology.close();
      throw e;
    }
  }

  /** A lab with the defaults: one origin instance, no origin web server, no TLS, no jitter. */
  public static Lab start() {
    return builder().start();
  }

  public static LabBuilder builder() {
    return new LabBuilder();
  }

  // ---- what a prober needs ----

  /** The host every path is asked for, e.g. {@code shop.lab.test}. */
  public String host() {
    return settings.host();
  }

  /** The name the lb path's URL uses, e.g. {@code lb.lab.test}. */
  public String lbName() {
    return settings.lbName();
  }

  /** The lab's DNS server, which resolves {@link #host()} and {@link #lbName()} to 127.0.0.1. */
  public InetSocketAddress dnsServer() {
    return topology.dns().address();
  }

  /** The PEM of the CA that issued the load balancer's certificates, when it speaks TLS. */
  public Optional<String> caPem() {
    return topology.certificates().map(LabCertificates::caPem);
  }

  /** The number of origin instances. */
  public int originCount() {
    return topology.origins().size();
  }

  /** The cdn path. */
  public LabPath cdnPath() {
    return targets.cdnPath();
  }

  /** The lb path. */
  public LabPath lbPath() {
    return targets.lbPath();
  }

  /** The path of one origin instance (its web server when there is one). */
  public LabPath originPath(int instance) {
    return targets.originPath(instance);
  }

  /** Every path: cdn, lb, then each origin instance. */
  public List<LabPath> paths() {
    return targets.paths();
  }

  /** The target with every path, cdn and lb by name (resolve them with {@link #dnsServer()}). */
  public Target target() {
    return target(Addressing.NAMES);
  }

  /**
   * The target with every path: {@code GET /health} expecting 200 with {@code ok} in the body, Host
   * {@link #host()} on every path, the lab's CA for a TLS load balancer.
   */
  public Target target(Addressing addressing) {
    return targets.target(addressing);
  }

  /**
   * {@code count} healthy targets for a soak or a load test, all through this lab's hops: each has
   * its own cdn, lb and origin paths (the target's name in each URL's query, {@code
   * /health?target=shop-0001}), the origin instances taken in turn, by loopback address. The
   * servers are shared — what one target's probe costs the lab, a thousand cost it a thousand times
   * — and a fault injected into a hop shows on every target through it.
   *
   * @throws IllegalArgumentException when {@code count} is not between 1 and {@link
   *     #MAX_FLEET_TARGETS}
   */
  public List<Target> fleetTargets(int count) {
    return targets.fleet(count);
  }

  // ---- faults ----

  /**
   * Injects a fault into its hop: an origin fault into every instance, a DNS fault into the cdn
   * path's name.
   *
   * @throws UnableToInjectFaultException when the lab was built without what the fault needs
   */
  public synchronized void inject(LabFault fault) {
    faults.inject(fault);
    reconcile();
  }

  /**
   * Injects an origin fault into one instance only (e.g. {@code ORIGIN_REFUSED} on one of three:
   * one instance down behind a load balancer that still answers).
   */
  public synchronized void inject(LabFault fault, int instance) {
    faults.inject(fault, instance);
    reconcile();
  }

  /** Injects a DNS fault into the name of the cdn or the lb path (origins are addresses). */
  public synchronized void inject(LabFault fault, PathKind path) {
    faults.inject(fault, path);
    reconcile();
  }

  /** Removes every fault: the whole lab is healthy again (jitter stays as set). */
  public synchronized void clear() {
    faults.clear();
    reconcile();
  }

  /** The faults in force, in the order they were injected. */
  public synchronized List<InjectedFault> faults() {
    return faults.list();
  }

  /** Changes the most random delay every hop and origin adds (zero for none). */
  public synchronized void jitter(Duration value) {
    this.jitter = LabBuilder.notNegative("jitter", value);
    reconcile();
  }

  /**
   * What the hops noted about failed exchanges since the last fault switch, oldest first, each with
   * the log line the real software wrote for such a failure where one was recorded.
   */
  public List<HopLogLine> log() {
    List<HopLogLine> all = new ArrayList<>();
    for (ProxyHop hop : topology.hops()) {
      all.addAll(hop.log());
    }
    all.sort(Comparator.comparing(HopLogLine::at));
    return List.copyOf(all);
  }

  // ---- the parts, for tests that look closer ----

  /** The CDN edge. */
  public ProxyHop cdn() {
    return topology.cdn();
  }

  /** The load balancer. */
  public ProxyHop loadBalancer() {
    return topology.loadBalancer();
  }

  /** The application server of one origin instance. */
  public FaultHttpServer originApp(int instance) {
    return topology.origin(instance).app();
  }

  /** The origin web server of one instance, if the lab has them. */
  public Optional<ProxyHop> originWebServer(int instance) {
    return topology.origin(instance).webServer();
  }

  /** Every port the lab holds: listeners, reserved closed ports, the DNS server's. */
  public List<Integer> ports() {
    return topology.ports();
  }

  /** Threads the lab's servers still run; zero once closed. */
  public int liveThreads() {
    return topology.liveThreads();
  }

  /** Stops everything and releases every port; waits for the servers' threads to end. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    topology.close();
  }

  /** Sets every part from the faults in force; called with the lock held. */
  private void reconcile() {
    if (closed) {
      throw new IllegalStateException("the lab is closed");
    }
    reconciler.apply(faults, jitter);
  }

  @Override
  public String toString() {
    return "Lab[cdn "
        + topology.cdn().url("")
        + ", lb "
        + topology.loadBalancer().url("")
        + ", "
        + topology.origins().size()
        + " origin(s)]";
  }
}
