package dev.probefleet.lab;

import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.CertificateSpec;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.ClosedPort;
import dev.probefleet.lab.server.Fault;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.LoopbackListener.State;
import dev.probefleet.lab.server.RecordedRequest;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lab.server.ServerTls;
import dev.probefleet.lab.server.StubDnsServer;
import dev.probefleet.lab.topology.HopLogLine;
import dev.probefleet.lab.topology.HopSettings;
import dev.probefleet.lab.topology.ProxyHop;
import dev.probefleet.lab.topology.ProxySoftware;
import dev.probefleet.model.AddressRange;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
 */
public final class Lab implements AutoCloseable {
  /** The path every target of the lab requests. */
  public static final String HEALTH_PATH = "/health";

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final InetAddress UNEXPECTED_ADDRESS = address("127.0.0.2");

  /** How the cdn and lb paths of {@link #target(Addressing)} name their host. */
  public enum Addressing {
    /** By name, resolved by the lab's DNS server (the DNS faults need this). */
    NAMES,
    /** By loopback address, with the {@code Host} header set; no DNS involved. */
    LOOPBACK_ADDRESSES
  }

  private final Builder config;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final StubDnsServer dns;
  private final List<Origin> origins = new ArrayList<>();
  private final AtomicReferenceArray<OriginBehaviour> behaviours;
  private final ProxyHop lb;
  private final ProxyHop cdn;
  private final ClosedPort cdnWrongPort;
  private final List<ClosedPort> lbWrongPorts = new ArrayList<>();
  private final Optional<LbCertificates> certificates;
  private final Map<String, LabFault> faults = new LinkedHashMap<>();
  private Duration jitter;
  private boolean closed;

  /** One origin instance: its application server and, optionally, the nginx in front of it. */
  private record Origin(FaultHttpServer app, Optional<ProxyHop> webServer, AtomicInteger races) {
    InetSocketAddress front() {
      return webServer.map(ProxyHop::address).orElse(app.address());
    }
  }

  /** What an origin's application does for each request, from the faults in force. */
  private record OriginBehaviour(
      LabFault fault, boolean slow, boolean largeHeader, int raceEvery, Duration jitter) {
    static final OriginBehaviour HEALTHY =
        new OriginBehaviour(null, false, false, 0, Duration.ZERO);
  }

  /** The load balancer's certificates: the good one and the faulty ones. */
  private record LbCertificates(
      CertificateAuthority ca,
      ServerTls good,
      ServerTls expired,
      ServerTls wrongName,
      ServerTls expiring) {

    ServerTls presentedUnder(LabFault lbFault) {
      if (lbFault == LabFault.LB_CERTIFICATE_EXPIRED) {
        return expired;
      } else if (lbFault == LabFault.LB_CERTIFICATE_WRONG_NAME) {
        return wrongName;
      } else if (lbFault == LabFault.LB_CERTIFICATE_EXPIRING) {
        return expiring;
      }
      return good;
    }
  }

  private Lab(Builder config) {
    this.config = config;
    this.jitter = config.jitter;
    this.behaviours = new AtomicReferenceArray<>(config.origins);
    for (int i = 0; i < config.origins; i++) {
      behaviours.set(i, OriginBehaviour.HEALTHY);
    }
    try {
      this.dns = keep(StubDnsServer.start());
      this.certificates = config.lbTls ? Optional.of(mintCertificates()) : Optional.empty();
      for (int i = 0; i < config.origins; i++) {
        int instance = i;
        FaultHttpServer app = keep(FaultHttpServer.start());
        app.dispatch(request -> originReply(instance, request));
        Optional<ProxyHop> web = Optional.empty();
        if (config.originWebServer) {
          web =
              Optional.of(
                  keep(
                      ProxyHop.builder("origin-web-" + i, ProxySoftware.NGINX)
                          .settings(webServerSettings(app.address()))
                          .start()));
        }
        origins.add(new Origin(app, web, new AtomicInteger()));
        lbWrongPorts.add(keep(ClosedPort.reserve()));
      }
      ProxyHop.Builder lbBuilder =
          ProxyHop.builder("lb", ProxySoftware.HAPROXY).settings(lbSettings(fronts()));
      certificates.ifPresent(c -> lbBuilder.tls(c.good()));
      this.lb = keep(lbBuilder.start());
      this.cdnWrongPort = keep(ClosedPort.reserve());
      this.cdn =
          keep(
              ProxyHop.builder("cdn", ProxySoftware.NGINX)
                  .settings(cdnSettings(lb.address()))
                  .start());
      synchronized (this) {
        reconcile();
      }
    } catch (RuntimeException e) {
      closeStarted();
      throw e;
    }
  }

  /** A lab with the defaults: one origin instance, no origin web server, no TLS, no jitter. */
  public static Lab start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * How the lab is built, with its timeouts and sizes. The defaults keep every hop's own answer
   * within a prober's default 10 s: the load balancer gives up on a silent origin after 5 s, the
   * CDN after 8 s (so the load balancer's 504 reaches it first), the origin web server after 30 s.
   */
  public static final class Builder {
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

    private Builder() {}

    /** The target's name (default {@code shop}); its host is {@code <name>.<domain>}. */
    public Builder targetName(String value) {
      this.targetName = dnsLabel("targetName", value);
      return this;
    }

    /** The domain of the lab's names (default {@code lab.test}, a reserved TLD). */
    public Builder domain(String value) {
      Objects.requireNonNull(value, "domain");
      for (String label : value.split("\\.", -1)) {
        dnsLabel("domain", label);
      }
      this.domain = value;
      return this;
    }

    /** How many origin instances the load balancer balances over (default 1). */
    public Builder origins(int value) {
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
    public Builder originWebServer() {
      this.originWebServer = true;
      return this;
    }

    /**
     * The load balancer speaks HTTPS with a certificate from a CA made for this lab ({@link
     * #caPem()}), requiring SNI as an SNI-routed load balancer does; the CDN verifies it. Needed by
     * the certificate faults and {@link LabFault#CDN_UPSTREAM_TLS_FAILED}.
     */
    public Builder lbTls() {
      this.lbTls = true;
      return this;
    }

    /** The most random delay every hop and every origin adds to each request (default none). */
    public Builder jitter(Duration value) {
      this.jitter = notNegative("jitter", value);
      return this;
    }

    /** The CDN's {@code proxy_read_timeout} when healthy (default 8 s). */
    public Builder cdnReadTimeout(Duration value) {
      this.cdnReadTimeout = positive("cdnReadTimeout", value);
      return this;
    }

    /** The CDN's {@code proxy_connect_timeout} (default 2 s). */
    public Builder cdnConnectTimeout(Duration value) {
      this.cdnConnectTimeout = positive("cdnConnectTimeout", value);
      return this;
    }

    /** The load balancer's {@code timeout server} when healthy (default 5 s). */
    public Builder lbServerTimeout(Duration value) {
      this.lbServerTimeout = positive("lbServerTimeout", value);
      return this;
    }

    /**
     * The load balancer's {@code timeout connect} (default 1 s); it also waits this long (at most 1
     * s) before retrying a refused server.
     */
    public Builder lbConnectTimeout(Duration value) {
      this.lbConnectTimeout = positive("lbConnectTimeout", value);
      return this;
    }

    /** The load balancer's {@code retries} (default 1). */
    public Builder lbRetries(int value) {
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
    public Builder lbHealthCheckInterval(Duration value) {
      this.lbHealthCheckInterval = notNegative("lbHealthCheckInterval", value);
      return this;
    }

    /** The origin web server's {@code proxy_read_timeout} (default 30 s). */
    public Builder webServerReadTimeout(Duration value) {
      this.webServerReadTimeout = positive("webServerReadTimeout", value);
      return this;
    }

    /** The timeout of a hop under a {@code TIMEOUT_SHORT} fault (default 500 ms). */
    public Builder shortTimeout(Duration value) {
      this.shortTimeout = positive("shortTimeout", value);
      return this;
    }

    /**
     * How long a slow origin takes to answer (default 2 s): {@link LabFault#ORIGIN_SLOW}, and the
     * origin's latency under the {@code TIMEOUT_SHORT} faults; it must exceed {@link
     * #shortTimeout}. Below the hops' timeouts a slow origin is only slow; above them (e.g. 60 s,
     * to play "the origin answers after 60 s" against a prober's 5 s) the hops give up first, with
     * their 504s.
     */
    public Builder slowOriginDelay(Duration value) {
      this.slowOriginDelay = positive("slowOriginDelay", value);
      return this;
    }

    /** Which reused connection loses the keep-alive race (default every 3rd). */
    public Builder intermittentEvery(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("intermittentEvery must be at least 1, got " + value);
      }
      this.intermittentEvery = value;
      return this;
    }

    /** The size of the cookie the origin sends under a {@code HEADER_BUFFER_SMALL} fault. */
    public Builder largeHeaderBytes(int value) {
      this.largeHeaderBytes = value;
      return this;
    }

    /** A hop's header buffer under a {@code HEADER_BUFFER_SMALL} fault (default 8 KiB). */
    public Builder smallHeaderBuffer(int value) {
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
      return new Lab(this);
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

    private static Duration notNegative(String field, Duration value) {
      Objects.requireNonNull(value, field);
      if (value.isNegative()) {
        throw new IllegalArgumentException(field + " must not be negative, got " + value);
      }
      return value;
    }
  }

  // ---- what a prober needs ----

  /** The host every path is asked for, e.g. {@code shop.lab.test}. */
  public String host() {
    return config.targetName + "." + config.domain;
  }

  /** The name the lb path's URL uses, e.g. {@code lb.lab.test}. */
  public String lbName() {
    return "lb." + config.domain;
  }

  /** The lab's DNS server, which resolves {@link #host()} and {@link #lbName()} to 127.0.0.1. */
  public InetSocketAddress dnsServer() {
    return dns.address();
  }

  /** The PEM of the CA that issued the load balancer's certificates, when it speaks TLS. */
  public Optional<String> caPem() {
    return certificates.map(c -> c.ca().certificatePem());
  }

  /** The number of origin instances. */
  public int originCount() {
    return origins.size();
  }

  /** The cdn path. */
  public LabPath cdnPath() {
    return new LabPath(
        PathKind.CDN, 0, url("http", host(), cdn.port()), cdn.address(), host(), false);
  }

  /** The lb path. */
  public LabPath lbPath() {
    String scheme = certificates.isPresent() ? "https" : "http";
    return new LabPath(
        PathKind.LB,
        0,
        url(scheme, lbName(), lb.port()),
        lb.address(),
        host(),
        certificates.isPresent());
  }

  /** The path of one origin instance (its web server when there is one). */
  public LabPath originPath(int instance) {
    InetSocketAddress front = origin(instance).front();
    return new LabPath(
        PathKind.ORIGIN,
        instance,
        url("http", front.getAddress().getHostAddress(), front.getPort()),
        front,
        host(),
        false);
  }

  /** Every path: cdn, lb, then each origin instance. */
  public List<LabPath> paths() {
    List<LabPath> all = new ArrayList<>(List.of(cdnPath(), lbPath()));
    for (int i = 0; i < origins.size(); i++) {
      all.add(originPath(i));
    }
    return List.copyOf(all);
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
    List<PathSpec> originSpecs = new ArrayList<>();
    for (int i = 0; i < origins.size(); i++) {
      originSpecs.add(spec(originPath(i), addressing));
    }
    return new Target(
        config.targetName,
        RequestSpec.DEFAULT,
        new ExpectSpec(List.of(200), Optional.of("ok")),
        BurstSpec.SINGLE,
        Optional.of(spec(cdnPath(), addressing)),
        Optional.of(spec(lbPath(), addressing)),
        originSpecs);
  }

  private PathSpec spec(LabPath path, Addressing addressing) {
    boolean named = path.kind() != PathKind.ORIGIN && addressing == Addressing.NAMES;
    URI url =
        named
            ? path.url()
            : url(path.tls() ? "https" : "http", "127.0.0.1", path.connectTo().getPort());
    Optional<CaBundle> ca =
        path.tls()
            ? caPem().map(pem -> new CaBundle("the probefleet lab's CA (in memory)", pem))
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

  // ---- faults ----

  /**
   * Injects a fault into its hop: an origin fault into every instance, a DNS fault into the cdn
   * path's name.
   *
   * @throws UnableToInjectFaultException when the lab was built without what the fault needs
   */
  public synchronized void inject(LabFault fault) {
    requireApplicable(fault);
    switch (fault.hop()) {
      case ORIGIN -> {
        for (int i = 0; i < origins.size(); i++) {
          faults.put(originSlot(i), fault);
        }
      }
      case DNS -> faults.put(dnsSlot(PathKind.CDN), fault);
      case LOAD_BALANCER -> faults.put("lb", fault);
      case CDN -> faults.put("cdn", fault);
    }
    reconcile();
  }

  /**
   * Injects an origin fault into one instance only (e.g. {@code ORIGIN_REFUSED} on one of three:
   * one instance down behind a load balancer that still answers).
   */
  public synchronized void inject(LabFault fault, int instance) {
    if (fault.hop() != LabHop.ORIGIN) {
      throw new UnableToInjectFaultException(fault, "only origin faults apply to one instance");
    }
    if (instance < 0 || instance >= origins.size()) {
      throw new UnableToInjectFaultException(
          fault, "there is no origin instance " + instance + " of " + origins.size());
    }
    requireApplicable(fault);
    faults.put(originSlot(instance), fault);
    reconcile();
  }

  /** Injects a DNS fault into the name of the cdn or the lb path (origins are addresses). */
  public synchronized void inject(LabFault fault, PathKind path) {
    if (fault.hop() != LabHop.DNS) {
      throw new UnableToInjectFaultException(fault, "only DNS faults apply to a path's name");
    }
    if (path == PathKind.ORIGIN) {
      throw new UnableToInjectFaultException(fault, "origin paths use addresses, not names");
    }
    faults.put(dnsSlot(path), fault);
    reconcile();
  }

  /** Removes every fault: the whole lab is healthy again (jitter stays as set). */
  public synchronized void clear() {
    faults.clear();
    reconcile();
  }

  /** The faults in force, in the order they were injected. */
  public synchronized List<InjectedFault> faults() {
    return faults.entrySet().stream()
        .map(e -> new InjectedFault(e.getValue(), e.getKey()))
        .toList();
  }

  /** Changes the most random delay every hop and origin adds (zero for none). */
  public synchronized void jitter(Duration value) {
    this.jitter = Builder.notNegative("jitter", value);
    reconcile();
  }

  /**
   * What the hops noted about failed exchanges since the last fault switch, oldest first, each with
   * the log line the real software wrote for such a failure where one was recorded.
   */
  public List<HopLogLine> log() {
    List<HopLogLine> all = new ArrayList<>();
    for (ProxyHop hop : hops()) {
      all.addAll(hop.log());
    }
    all.sort(Comparator.comparing(HopLogLine::at));
    return List.copyOf(all);
  }

  // ---- the parts, for tests that look closer ----

  /** The CDN edge. */
  public ProxyHop cdn() {
    return cdn;
  }

  /** The load balancer. */
  public ProxyHop loadBalancer() {
    return lb;
  }

  /** The application server of one origin instance. */
  public FaultHttpServer originApp(int instance) {
    return origin(instance).app();
  }

  /** The origin web server of one instance, if the lab has them. */
  public Optional<ProxyHop> originWebServer(int instance) {
    return origin(instance).webServer();
  }

  /** Every port the lab holds: listeners, reserved closed ports, the DNS server's. */
  public List<Integer> ports() {
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

  /** Threads the lab's servers still run; zero once closed. */
  public int liveThreads() {
    int live = 0;
    for (ProxyHop hop : hops()) {
      live += hop.liveThreads();
    }
    for (Origin o : origins) {
      live += o.app().liveThreads();
    }
    return live;
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
    closeStarted();
  }

  // ---- applying the faults ----

  /** Sets every hop, origin and name from the faults in force; called with the lock held. */
  private void reconcile() {
    if (closed) {
      throw new IllegalStateException("the lab is closed");
    }
    LabFault cdnFault = faults.get("cdn");
    LabFault lbFault = faults.get("lb");
    boolean slowOrigin =
        cdnFault == LabFault.CDN_TIMEOUT_SHORT || lbFault == LabFault.LB_TIMEOUT_SHORT;
    boolean largeHeader =
        cdnFault == LabFault.CDN_HEADER_BUFFER_SMALL || lbFault == LabFault.LB_HEADER_BUFFER_SMALL;
    int race = lbFault == LabFault.LB_INTERMITTENT_502 ? config.intermittentEvery : 0;

    for (int i = 0; i < origins.size(); i++) {
      Origin origin = origins.get(i);
      LabFault fault = faults.get(originSlot(i));
      if (origin.webServer().isPresent()) {
        ProxyHop web = origin.webServer().get();
        setPort(web, portState(fault));
        setPort(origin.app(), fault == LabFault.APP_DOWN ? State.REFUSING : State.LISTENING);
        web.update(s -> s.withJitter(jitter).withKeepAliveRaceEvery(race));
        web.clearLog();
      } else {
        setPort(origin.app(), portState(fault));
      }
      behaviours.set(
          i,
          new OriginBehaviour(
              fault, slowOrigin, largeHeader, origin.webServer().isPresent() ? 0 : race, jitter));
    }

    setPort(lb, portState(lbFault));
    certificates.ifPresent(c -> lb.presentCertificate(c.presentedUnder(lbFault)));
    List<InetSocketAddress> lbUpstreams =
        lbFault == LabFault.LB_UPSTREAM_PORT_WRONG
            ? lbWrongPorts.stream().map(ClosedPort::address).toList()
            : fronts();
    lb.update(
        s ->
            lbSettings(lbUpstreams)
                .withReadTimeout(
                    lbFault == LabFault.LB_TIMEOUT_SHORT
                        ? config.shortTimeout
                        : config.lbServerTimeout)
                .withHeaderBufferBytes(
                    lbFault == LabFault.LB_HEADER_BUFFER_SMALL
                        ? config.smallHeaderBuffer
                        : config.lbHeaderBuffer)
                .withUpstreamsMarkedDown(lbFault == LabFault.LB_NO_HEALTHY_UPSTREAM));
    lb.resetHealth();
    lb.dropIdleConnections();
    lb.clearLog();

    setPort(cdn, portState(cdnFault));
    InetSocketAddress cdnUpstream =
        cdnFault == LabFault.CDN_UPSTREAM_PORT_WRONG ? cdnWrongPort.address() : lb.address();
    cdn.update(
        s ->
            cdnSettings(cdnUpstream)
                .withReadTimeout(
                    cdnFault == LabFault.CDN_TIMEOUT_SHORT
                        ? config.shortTimeout
                        : config.cdnReadTimeout)
                .withHeaderBufferBytes(
                    cdnFault == LabFault.CDN_HEADER_BUFFER_SMALL
                        ? config.smallHeaderBuffer
                        : config.cdnHeaderBuffer)
                .withUpstreamTls(
                    certificates.map(
                        c ->
                            new HopSettings.UpstreamTls(
                                trusting(c.ca()),
                                host(),
                                cdnFault != LabFault.CDN_UPSTREAM_TLS_FAILED))));
    cdn.clearLog();

    for (PathKind path : List.of(PathKind.CDN, PathKind.LB)) {
      String name = path == PathKind.CDN ? host() : lbName();
      LabFault fault = faults.get(dnsSlot(path));
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

  /** The application's answer to one request, from the faults in force. */
  private Reply originReply(int instance, RecordedRequest request) {
    OriginBehaviour b = behaviours.get(instance);
    if (b.raceEvery() > 0
        && request.sequence() > 1
        && request.header("X-Forwarded-For").isPresent()
        && origins.get(instance).races().incrementAndGet() % b.raceEvery() == 0) {
      return Reply.fault(Fault.EMPTY_REPLY);
    }
    Reply reply = Reply.ok();
    if (b.largeHeader()) {
      reply =
          reply.withHeader(
              "Set-Cookie", "session=" + "a".repeat(config.largeHeaderBytes) + "; Path=/");
    }
    Duration delay = random(b.jitter());
    if (b.slow() || b.fault() == LabFault.ORIGIN_SLOW) {
      delay = delay.plus(config.slowOriginDelay);
    }
    if (b.fault() != null) {
      reply =
          switch (b.fault()) {
            case ORIGIN_INVALID_HEADER -> reply.withFault(Fault.INVALID_HEADER_LINE);
            case ORIGIN_INVALID_STATUS_LINE -> reply.withFault(Fault.INVALID_STATUS_LINE);
            case ORIGIN_CLOSE_BEFORE_HEADERS -> reply.withFault(Fault.EMPTY_REPLY);
            case ORIGIN_CLOSE_MID_HEADERS -> reply.withFault(Fault.CLOSE_MID_HEADERS);
            case ORIGIN_RESET -> reply.withFault(Fault.RESET);
            case ORIGIN_HANG -> reply.withFault(Fault.NEVER_RESPOND);
            case ORIGIN_OVERSIZED_HEADERS -> reply.withFault(Fault.OVERSIZED_HEADERS);
            case ORIGIN_TRUNCATED_BODY -> reply.withFault(Fault.TRUNCATED_BODY);
            case ORIGIN_STALL_MID_BODY -> reply.withFault(Fault.STALL_MID_BODY);
            case ORIGIN_RESET_MID_BODY -> reply.withFault(Fault.RESET_MID_BODY);
            case ORIGIN_HTTP_500 -> Reply.status(500);
            case ORIGIN_HTTP_503 -> Reply.status(503);
            case ORIGIN_HTTP_404 -> Reply.status(404);
            case ORIGIN_WRONG_BODY -> reply.withBody("down for maintenance\n");
            default -> reply;
          };
    }
    return reply.withFirstByteDelay(delay);
  }

  private void requireApplicable(LabFault fault) {
    if (fault == LabFault.APP_DOWN && !config.originWebServer) {
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
    if (needsTls && certificates.isEmpty()) {
      throw new UnableToInjectFaultException(
          fault, "the load balancer speaks plain HTTP; build the lab with lbTls()");
    }
  }

  // ---- building ----

  private HopSettings cdnSettings(InetSocketAddress upstream) {
    return HopSettings.forwardingTo(List.of(upstream))
        .withConnectTimeout(config.cdnConnectTimeout)
        .withReadTimeout(config.cdnReadTimeout)
        .withHeaderBufferBytes(config.cdnHeaderBuffer)
        .withRetries(0)
        .withJitter(jitter);
  }

  private HopSettings lbSettings(List<InetSocketAddress> upstreams) {
    Optional<HopSettings.HealthCheck> checks =
        config.lbHealthCheckInterval.isZero()
            ? Optional.empty()
            : Optional.of(new HopSettings.HealthCheck(config.lbHealthCheckInterval, 2, 2));
    return HopSettings.forwardingTo(upstreams)
        .withConnectTimeout(config.lbConnectTimeout)
        .withReadTimeout(config.lbServerTimeout)
        .withHeaderBufferBytes(config.lbHeaderBuffer)
        .withRetries(config.lbRetries)
        .withHealthCheck(checks)
        .withJitter(jitter);
  }

  private HopSettings webServerSettings(InetSocketAddress app) {
    return HopSettings.forwardingTo(List.of(app))
        .withConnectTimeout(Duration.ofSeconds(1))
        .withReadTimeout(config.webServerReadTimeout)
        .withHeaderBufferBytes(config.webServerHeaderBuffer)
        .withRetries(0)
        .withJitter(jitter);
  }

  private List<InetSocketAddress> fronts() {
    return origins.stream().map(Origin::front).toList();
  }

  private List<ProxyHop> hops() {
    List<ProxyHop> hops = new ArrayList<>(List.of(cdn, lb));
    for (Origin o : origins) {
      o.webServer().ifPresent(hops::add);
    }
    return hops;
  }

  private Origin origin(int instance) {
    if (instance < 0 || instance >= origins.size()) {
      throw new IndexOutOfBoundsException("origin instance " + instance + " of " + origins.size());
    }
    return origins.get(instance);
  }

  private LbCertificates mintCertificates() {
    CertificateAuthority ca = CertificateAuthority.create("probefleet lab CA");
    CertificateSpec names = CertificateSpec.of(host(), lbName(), "127.0.0.1");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new LbCertificates(
        ca,
        tls(ca.issue(names)),
        tls(ca.issue(names.expired(Duration.ofDays(2)))),
        tls(ca.issue("other." + config.domain)),
        tls(
            ca.issue(
                names.validBetween(now.minus(Duration.ofDays(85)), now.plus(Duration.ofDays(5))))));
  }

  private static ServerTls tls(IssuedCertificate certificate) {
    return ServerTls.of(certificate.privateKey(), certificate.chain()).withRequiredSni();
  }

  /**
   * A client TLS context trusting only the lab's CA. A fresh one per fault switch, so that no TLS
   * session resumed from before the switch hides the new certificate or the missing SNI.
   */
  private static SSLContext trusting(CertificateAuthority ca) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("lab-ca", ca.certificate());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a TLS context trusting the lab's CA", e);
    }
  }

  private static String originSlot(int instance) {
    return "origin[" + instance + "]";
  }

  private static String dnsSlot(PathKind path) {
    return "dns:" + path.key();
  }

  private <T extends AutoCloseable> T keep(T resource) {
    started.push(resource);
    return resource;
  }

  private void closeStarted() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        // closing the rest anyway
      }
    }
  }

  private static Duration random(Duration bound) {
    long nanos = bound.toNanos();
    return nanos <= 0
        ? Duration.ZERO
        : Duration.ofNanos(ThreadLocalRandom.current().nextLong(nanos + 1));
  }

  private static URI url(String scheme, String host, int port) {
    return URI.create(scheme + "://" + host + ":" + port + HEALTH_PATH);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(literal, e);
    }
  }

  @Override
  public String toString() {
    return "Lab[cdn " + cdn.url("") + ", lb " + lb.url("") + ", " + origins.size() + " origin(s)]";
  }
}
