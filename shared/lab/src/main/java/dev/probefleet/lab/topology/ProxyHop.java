package dev.probefleet.lab.topology;

import dev.probefleet.captures.CapturedPage;
import dev.probefleet.lab.server.LoopbackListener;
import dev.probefleet.lab.server.ServerTls;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 reverse proxy on a loopback port that behaves like the {@link ProxySoftware} it
 * stands for: it reads a client's request, forwards it to one of its upstream servers, reads the
 * response head strictly within its header buffer and timeouts, and either relays the response
 * (head rewritten the way that software does, body streamed as it arrives) or answers the
 * software's own recorded error page for what went wrong, noting a {@link HopLogLine}.
 *
 * <p>Everything a fault changes is in its {@link HopSettings}, swapped atomically with {@link
 * #update}; the port can refuse or drop connects ({@link #refuseConnections()}, {@link
 * #dropConnectionAttempts()}) and come back on the same number ({@link #listen()}). Each client
 * connection is served on its own virtual thread; {@link #close()} releases the port and ends every
 * thread, health checks included.
 *
 * <p>The keep-alive race ({@link HopSettings#keepAliveRaceEvery()}): a load balancer that keeps
 * idle connections to its servers longer than a server keeps them open will now and then send a
 * request on a connection the server is closing at that very moment; the server reads it and
 * closes, the balancer sees the connection close before any response and answers 502. Waiting for
 * real idle timeouts to cross makes that rare and untestable, so a hop playing the server closes
 * every n-th request that arrives on a reused connection carrying {@code X-Forwarded-For} (which
 * only the load balancer adds) instead. A prober's own requests are never affected, as in the
 * field, where only the balancer's pooled connections sit idle long enough.
 */
public final class ProxyHop implements AutoCloseable {
  private static final int LOG_LIMIT = 1000;
  private static final int POOL_LIMIT_PER_SERVER = 64;
  private static final Duration POOL_IDLE_LIMIT = Duration.ofSeconds(10);
  private static final Duration MAX_TURNAROUND = Duration.ofSeconds(1);
  private static final byte[] BAD_REQUEST =
      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final String name;
  private final ProxySoftware software;
  private final LoopbackListener listener;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object settingsLock = new Object();
  private volatile HopSettings settings;
  private volatile SSLContext listenerTls;
  private final Map<InetSocketAddress, Deque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, ServerHealth> health = new ConcurrentHashMap<>();
  private final AtomicLong healthGeneration = new AtomicLong();
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final AtomicInteger raceCounter = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger errorPages = new AtomicInteger();
  private final AtomicInteger upstreamConnects = new AtomicInteger();
  private final ConcurrentLinkedDeque<HopLogLine> log = new ConcurrentLinkedDeque<>();
  private final Thread healthChecker;

  /**
   * A server's health-check state: up or down, and how many checks in a row point the other way.
   */
  private record ServerHealth(boolean up, int streak) {
    static final ServerHealth UP = new ServerHealth(true, 0);

    ServerHealth after(boolean passed, HopSettings.HealthCheck check) {
      if (up) {
        return passed ? UP : streak + 1 >= check.fall() ? new ServerHealth(false, 0) : next();
      }
      return !passed ? new ServerHealth(false, 0) : streak + 1 >= check.rise() ? UP : next();
    }

    private ServerHealth next() {
      return new ServerHealth(up, streak + 1);
    }
  }

  /** A response head read from an upstream, with the connection its body is still on. */
  private record Exchange(UpstreamConnection connection, UpstreamResponse response) {}

  private ProxyHop(Builder builder) {
    this.name = builder.name;
    this.software = builder.software;
    this.settings = builder.settings;
    this.listenerTls = builder.tls == null ? null : builder.tls.sslContext();
    this.listener = LoopbackListener.start("lab-" + name, builder.bindAddress, 1024, this::serve);
    this.healthChecker =
        Thread.ofVirtual().name("lab-" + name + "-health").start(this::checkHealthLoop);
  }

  /** A hop named {@code name} (used in thread names and log lines) behaving like the software. */
  public static Builder builder(String name, ProxySoftware software) {
    return new Builder(name, software);
  }

  /** Options for a new hop. */
  public static final class Builder {
    private final String name;
    private final ProxySoftware software;
    private HopSettings settings = HopSettings.forwardingTo(List.of());
    private ServerTls tls;
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();

    private Builder(String name, ProxySoftware software) {
      this.name = Objects.requireNonNull(name, "name");
      this.software = Objects.requireNonNull(software, "software");
    }

    /** The initial settings (default: {@link HopSettings#forwardingTo} no upstream). */
    public Builder settings(HopSettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /** Accept HTTPS instead of HTTP, presenting this key and chain. */
    public Builder tls(ServerTls value) {
      this.tls = Objects.requireNonNull(value, "tls");
      return this;
    }

    /** Another loopback address to listen on (default 127.0.0.1). */
    public Builder bindAddress(InetAddress value) {
      this.bindAddress = Objects.requireNonNull(value, "bindAddress");
      return this;
    }

    public ProxyHop start() {
      return new ProxyHop(this);
    }
  }

  public String name() {
    return name;
  }

  public ProxySoftware software() {
    return software;
  }

  public int port() {
    return listener.port();
  }

  public InetSocketAddress address() {
    return listener.address();
  }

  /** Whether clients must speak TLS to this hop. */
  public boolean tls() {
    return listenerTls != null;
  }

  /** {@code http(s)://127.0.0.1:<port>} followed by the path. */
  public URI url(String path) {
    return URI.create(
        (tls() ? "https" : "http")
            + "://"
            + address().getAddress().getHostAddress()
            + ":"
            + port()
            + path);
  }

  public HopSettings settings() {
    return settings;
  }

  /**
   * Changes the settings at once for every later request (requests in flight finish with the old
   * ones). Idle upstream connections are dropped when the upstreams or their TLS change.
   */
  public HopSettings update(UnaryOperator<HopSettings> change) {
    synchronized (settingsLock) {
      HopSettings before = settings;
      HopSettings after = Objects.requireNonNull(change.apply(before), "settings");
      settings = after;
      if (!before.upstreams().equals(after.upstreams())
          || !before.upstreamTls().equals(after.upstreamTls())) {
        dropIdleConnections();
      }
      return after;
    }
  }

  /** Presents another certificate to new TLS clients (the hop must have been built with TLS). */
  public void presentCertificate(ServerTls tls) {
    if (listenerTls == null) {
      throw new IllegalStateException(name + " was built without TLS");
    }
    listenerTls = tls.sslContext();
  }

  /** Stops listening as a crashed process: connects are refused, open connections close. */
  public void refuseConnections() {
    listener.refuse();
    dropIdleConnections();
  }

  /** Lets connects time out, as behind a firewall that drops them; open connections close. */
  public void dropConnectionAttempts() {
    listener.dropSyns();
    dropIdleConnections();
  }

  /** Listens again on the same port. */
  public void listen() {
    listener.listen();
  }

  public LoopbackListener.State listenerState() {
    return listener.state();
  }

  /**
   * Forgets what health checks found, as a reload does: every server is up until checks say
   * otherwise again.
   */
  public void resetHealth() {
    healthGeneration.incrementAndGet();
    health.clear();
  }

  /** Whether the hop currently considers this upstream up (checks and marks included). */
  public boolean considersUp(InetSocketAddress server) {
    return liveServers(settings).contains(server);
  }

  /** Closes every idle upstream connection. */
  public void dropIdleConnections() {
    for (Deque<UpstreamConnection> connections : idle.values()) {
      UpstreamConnection c;
      while ((c = poll(connections)) != null) {
        c.close();
      }
    }
  }

  /** Threads of this hop still running (accept, connections, health checks); zero once closed. */
  public int liveThreads() {
    return listener.liveThreads() + (healthChecker.isAlive() ? 1 : 0);
  }

  /** Requests read from clients. */
  public int requestCount() {
    return requests.get();
  }

  /** Error pages of its own the hop answered. */
  public int errorPageCount() {
    return errorPages.get();
  }

  /** New connections opened to upstreams (a reused one is not counted again). */
  public int upstreamConnectCount() {
    return upstreamConnects.get();
  }

  /** What the hop noted about failed exchanges, oldest first (the last 1,000). */
  public List<HopLogLine> log() {
    return List.copyOf(log);
  }

  /** Forgets the noted failures. */
  public void clearLog() {
    log.clear();
  }

  private void serve(Socket raw) {
    try {
      raw.setTcpNoDelay(true);
      raw.setSoTimeout(millis(settings.clientIdleTimeout()));
      Socket socket = raw;
      SSLContext tls = listenerTls;
      if (tls != null) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        socket = ssl;
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
      String client = raw.getInetAddress().getHostAddress();
      for (int sequence = 1; closed.getCount() > 0; sequence++) {
        ClientRequest request;
        try {
          request = ClientRequest.read(in);
        } catch (ClientRequest.MalformedException e) {
          out.write(BAD_REQUEST);
          out.flush();
          return;
        }
        if (request == null) {
          return;
        }
        requests.incrementAndGet();
        HopSettings current = settings;
        if (losesKeepAliveRace(current, request, sequence) || !pause(jitter(current))) {
          return;
        }
        if (!handle(request, client, out, current)) {
          return;
        }
      }
    } catch (IOException | DownstreamGoneException e) {
      // the client went away, or its TLS handshake failed; the connection ends either way
    }
  }

  private boolean losesKeepAliveRace(HopSettings current, ClientRequest request, int sequence) {
    int every = current.keepAliveRaceEvery();
    return every > 0
        && sequence > 1
        && HeaderField.first(request.headers(), "X-Forwarded-For").isPresent()
        && raceCounter.incrementAndGet() % every == 0;
  }

  /** Answers one request; true when the client connection stays open. */
  private boolean handle(ClientRequest request, String client, OutputStream out, HopSettings s)
      throws DownstreamGoneException {
    Exchange exchange;
    try {
      exchange = exchange(request, client, s);
    } catch (UpstreamFailureException e) {
      return answerError(e, request, out);
    }
    return relay(exchange, request, out);
  }

  private boolean answerError(UpstreamFailureException e, ClientRequest request, OutputStream out)
      throws DownstreamGoneException {
    CapturedPage page = software.errorPage(e.failure());
    boolean keepAlive = request.keepAlive() && software.keepsClientAliveAfterError();
    note(e, Optional.of(page.status()));
    errorPages.incrementAndGet();
    write(out, ErrorPage.render(page, keepAlive, request.head(), Instant.now()));
    flush(out);
    return keepAlive;
  }

  private boolean relay(Exchange exchange, ClientRequest request, OutputStream out)
      throws DownstreamGoneException {
    UpstreamResponse response = exchange.response();
    UpstreamConnection connection = exchange.connection();
    BodyRelay.Downstream downstream =
        switch (response.framing()) {
          case NONE -> BodyRelay.Downstream.NONE;
          case LENGTH -> BodyRelay.Downstream.LENGTH;
          case CHUNKED, UNTIL_CLOSE ->
              request.http11() ? BodyRelay.Downstream.CHUNKED : BodyRelay.Downstream.UNTIL_CLOSE;
        };
    boolean keepAlive = request.keepAlive() && downstream != BodyRelay.Downstream.UNTIL_CLOSE;
    try {
      write(out, software.relayedHead(response, downstream, keepAlive, request, Instant.now()));
      flush(out);
      BodyRelay.relay(connection.in(), response, out, downstream);
    } catch (UpstreamFailureException e) {
      connection.close();
      note(e.at(connection.server()), Optional.empty());
      return false;
    } catch (DownstreamGoneException e) {
      connection.close();
      throw e;
    }
    if (software.reusesUpstreamConnections()
        && response.framing() != UpstreamResponse.Framing.UNTIL_CLOSE
        && !response.closes()) {
      release(connection);
    } else {
      connection.close();
    }
    return keepAlive;
  }

  /** Sends the request to an upstream, retrying as the software does, and reads the head. */
  private Exchange exchange(ClientRequest request, String client, HopSettings s)
      throws UpstreamFailureException {
    List<InetSocketAddress> candidates = liveServers(s);
    if (candidates.isEmpty()) {
      throw new UpstreamFailureException(
          UpstreamFailure.NO_LIVE_UPSTREAM, "no server of " + s.upstreams() + " is up");
    }
    int start = Math.floorMod(roundRobin.getAndIncrement(), candidates.size());
    byte[] forwarded = software.forwardedRequest(request, client);
    if (software == ProxySoftware.NGINX) {
      UpstreamFailureException last = null;
      for (int i = 0; i < candidates.size(); i++) {
        InetSocketAddress server = candidates.get((start + i) % candidates.size());
        try {
          return attempt(server, forwarded, request, s);
        } catch (UpstreamFailureException e) {
          last = e.at(server);
          if (!nginxTriesNextUpstream(e.failure())) {
            throw e;
          }
        }
      }
      throw last;
    }
    InetSocketAddress server = candidates.get(start);
    for (int attempt = 0; ; attempt++) {
      try {
        return attempt(server, forwarded, request, s);
      } catch (UpstreamFailureException e) {
        e.at(server);
        if (!e.failure().whileConnecting() || attempt >= s.retries()) {
          throw e;
        }
        boolean lastRetry = attempt == s.retries() - 1;
        if (lastRetry && candidates.size() > 1) {
          // option redispatch: the last retry goes to another server, at once
          server = candidates.get((candidates.indexOf(server) + 1) % candidates.size());
        } else if (!pause(min(s.connectTimeout(), MAX_TURNAROUND))) {
          throw e;
        }
      }
    }
  }

  /** nginx's default {@code proxy_next_upstream error timeout}. */
  private static boolean nginxTriesNextUpstream(UpstreamFailure failure) {
    return failure.whileConnecting()
        || failure == UpstreamFailure.CLOSED_BEFORE_HEADERS
        || failure == UpstreamFailure.RESET_BEFORE_HEADERS
        || failure == UpstreamFailure.RESPONSE_TIMEOUT;
  }

  private Exchange attempt(
      InetSocketAddress server, byte[] forwarded, ClientRequest request, HopSettings s)
      throws UpstreamFailureException {
    UpstreamConnection connection = software.reusesUpstreamConnections() ? takeIdle(server) : null;
    if (connection == null) {
      connection = connect(server, s);
    }
    try {
      connection.out().write(forwarded);
      connection.out().flush();
    } catch (IOException e) {
      connection.close();
      throw new UpstreamFailureException(
          UpstreamFailure.RESET_BEFORE_HEADERS, "sending the request: " + e.getMessage());
    }
    try {
      connection.readTimeout(millis(s.readTimeout()));
      return new Exchange(
          connection,
          UpstreamResponse.read(connection.in(), s.headerBufferBytes(), request.head()));
    } catch (IOException e) {
      connection.close();
      throw new UpstreamFailureException(UpstreamFailure.RESET_BEFORE_HEADERS, e.getMessage());
    } catch (UpstreamFailureException e) {
      connection.close();
      throw e;
    }
  }

  private UpstreamConnection connect(InetSocketAddress server, HopSettings s)
      throws UpstreamFailureException {
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      raw.connect(server, millis(s.connectTimeout()));
    } catch (SocketTimeoutException e) {
      closeQuietly(raw);
      throw new UpstreamFailureException(UpstreamFailure.CONNECT_TIMEOUT, e.getMessage());
    } catch (ConnectException e) {
      closeQuietly(raw);
      throw new UpstreamFailureException(UpstreamFailure.CONNECTION_REFUSED, e.getMessage());
    } catch (IOException e) {
      closeQuietly(raw);
      throw new UpstreamFailureException(UpstreamFailure.CONNECTION_REFUSED, e.toString());
    }
    upstreamConnects.incrementAndGet();
    Socket socket = raw;
    if (s.upstreamTls().isPresent()) {
      HopSettings.UpstreamTls tls = s.upstreamTls().get();
      try {
        SSLSocket ssl =
            (SSLSocket)
                tls.trust()
                    .getSocketFactory()
                    .createSocket(raw, tls.verifyName(), server.getPort(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(
            tls.sendSni() ? List.of(new SNIHostName(tls.verifyName())) : List.of());
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(millis(s.connectTimeout()));
        ssl.startHandshake();
        socket = ssl;
      } catch (IOException | IllegalArgumentException e) {
        closeQuietly(raw);
        throw new UpstreamFailureException(UpstreamFailure.TLS_HANDSHAKE_FAILED, e.toString());
      }
    }
    try {
      return new UpstreamConnection(server, raw, socket);
    } catch (IOException e) {
      closeQuietly(raw);
      throw new UpstreamFailureException(UpstreamFailure.CONNECTION_REFUSED, e.toString());
    }
  }

  private UpstreamConnection takeIdle(InetSocketAddress server) {
    Deque<UpstreamConnection> connections = idle.get(server);
    if (connections == null) {
      return null;
    }
    UpstreamConnection c;
    while ((c = poll(connections)) != null) {
      if (c.idleNanos() < POOL_IDLE_LIMIT.toNanos() && c.stillOpen()) {
        return c;
      }
      c.close();
    }
    return null;
  }

  private void release(UpstreamConnection connection) {
    connection.markIdle();
    Deque<UpstreamConnection> connections =
        idle.computeIfAbsent(connection.server(), k -> new ArrayDeque<>());
    synchronized (connections) {
      if (closed.getCount() > 0 && connections.size() < POOL_LIMIT_PER_SERVER) {
        // most recently used first, as HAProxy picks idle connections
        connections.addFirst(connection);
        return;
      }
    }
    connection.close();
  }

  private static UpstreamConnection poll(Deque<UpstreamConnection> connections) {
    synchronized (connections) {
      return connections.pollFirst();
    }
  }

  private List<InetSocketAddress> liveServers(HopSettings s) {
    if (s.upstreamsMarkedDown()) {
      return List.of();
    }
    if (s.healthCheck().isEmpty()) {
      return s.upstreams();
    }
    List<InetSocketAddress> live = new ArrayList<>();
    for (InetSocketAddress server : s.upstreams()) {
      if (health.getOrDefault(server, ServerHealth.UP).up()) {
        live.add(server);
      }
    }
    return live;
  }

  private void checkHealthLoop() {
    while (closed.getCount() > 0) {
      HopSettings s = settings;
      if (s.healthCheck().isEmpty()) {
        if (!pause(Duration.ofMillis(100))) {
          return;
        }
        continue;
      }
      HopSettings.HealthCheck check = s.healthCheck().get();
      long generation = healthGeneration.get();
      int timeout = millis(min(s.connectTimeout(), check.interval()));
      for (InetSocketAddress server : s.upstreams()) {
        boolean passed = connects(server, timeout);
        if (generation == healthGeneration.get()) {
          health.compute(server, (k, v) -> (v == null ? ServerHealth.UP : v).after(passed, check));
        }
      }
      if (!pause(check.interval())) {
        return;
      }
    }
  }

  private static boolean connects(InetSocketAddress server, int timeoutMillis) {
    try (Socket probe = new Socket()) {
      probe.connect(server, timeoutMillis);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void note(UpstreamFailureException e, Optional<Integer> status) {
    log.addLast(
        new HopLogLine(
            Instant.now(),
            name,
            software.software(),
            e.failure(),
            Optional.ofNullable(e.server()),
            status,
            software.recordedLogLine(e.failure())));
    while (log.size() > LOG_LIMIT) {
      log.pollFirst();
    }
  }

  private static Duration jitter(HopSettings s) {
    long bound = s.jitter().toNanos();
    return bound <= 0
        ? Duration.ZERO
        : Duration.ofNanos(ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** Waits unless the hop closes (or this connection's thread is interrupted); true to go on. */
  private boolean pause(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return closed.getCount() > 0;
    }
    try {
      return !closed.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void write(OutputStream out, byte[] bytes) throws DownstreamGoneException {
    try {
      out.write(bytes);
    } catch (IOException e) {
      throw new DownstreamGoneException(e);
    }
  }

  private static void flush(OutputStream out) throws DownstreamGoneException {
    try {
      out.flush();
    } catch (IOException e) {
      throw new DownstreamGoneException(e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /**
   * Releases the port, ends every connection and the health checks, and waits for their threads.
   */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    listener.close();
    healthChecker.interrupt();
    try {
      healthChecker.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dropIdleConnections();
  }

  @Override
  public String toString() {
    return "ProxyHop[" + name + " (" + software + ") " + url("") + "]";
  }
}
