package dev.probefleet.lab.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/1.1 server on 127.0.0.1 whose replies are {@link Reply}s, each possibly carrying a named
 * {@link Fault} — in the spirit of okhttp's mockwebserver. The reply for a request is, in order:
 * what the {@linkplain #dispatch dispatcher} says, else the next {@linkplain #enqueue enqueued}
 * reply, else the {@linkplain #setReply current default}; all three can change while the server
 * runs.
 *
 * <p>Each connection is served on its own virtual thread, so hundreds of slow connections cost
 * little; connections are kept alive unless the client or the reply says otherwise. The server
 * counts connections and requests, remembers the most recent requests, and on {@link #close()}
 * closes the listener and every open connection, ending any delay or stall in progress. Its port
 * can refuse connections or let them time out and come back on the same number ({@link
 * #refuseConnections()}, {@link #dropConnectionAttempts()}, {@link #listen()}).
 */
public final class FaultHttpServer implements AutoCloseable {
  private static final int RECORDED_LIMIT = 10_000;

  private final LoopbackListener listener;
  private final SSLContext tls;
  private final Duration idleTimeout;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger openCount = new AtomicInteger();
  private final AtomicInteger peakOpen = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedDeque<RecordedRequest> recorded = new ConcurrentLinkedDeque<>();
  private final AtomicInteger recordedCount = new AtomicInteger();
  private volatile Reply reply;
  private volatile Function<RecordedRequest, Reply> dispatcher;

  private FaultHttpServer(Builder builder) {
    this.reply = builder.reply;
    this.idleTimeout = builder.idleTimeout;
    this.tls = builder.tls == null ? null : builder.tls.context();
    this.listener =
        LoopbackListener.start("lab-http", builder.bindAddress, builder.backlog, this::accepted);
  }

  /** A plain HTTP server answering {@link Reply#ok()}. */
  public static FaultHttpServer start() {
    return builder().start();
  }

  /** A plain HTTP server answering this reply. */
  public static FaultHttpServer start(Reply reply) {
    return builder().reply(reply).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for a new server. */
  public static final class Builder {
    private Reply reply = Reply.ok();
    private ServerTls tls;
    private int backlog = 1024;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();

    private Builder() {}

    /** The default reply (initially {@link Reply#ok()}). */
    public Builder reply(Reply value) {
      this.reply = Objects.requireNonNull(value, "reply");
      return this;
    }

    /** Serve HTTPS with this key and chain. */
    public Builder tls(ServerTls value) {
      this.tls = Objects.requireNonNull(value, "tls");
      return this;
    }

    /** The listen backlog (default 1024, enough for a burst of hundreds of connects). */
    public Builder backlog(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("backlog must be at least 1, got " + value);
      }
      this.backlog = value;
      return this;
    }

    /** How long a kept-alive connection may sit idle before the server closes it (default 30 s). */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = Objects.requireNonNull(value, "idleTimeout");
      return this;
    }

    /** Another loopback address to bind to, e.g. 127.0.0.2 (default 127.0.0.1). */
    public Builder bindAddress(InetAddress value) {
      this.bindAddress = Objects.requireNonNull(value, "bindAddress");
      return this;
    }

    public FaultHttpServer start() {
      return new FaultHttpServer(this);
    }
  }

  /** The port the kernel chose. */
  public int port() {
    return listener.port();
  }

  /** The address and port listened on. */
  public InetSocketAddress address() {
    return listener.address();
  }

  /**
   * Stops listening, as a process that died: connects are refused and open connections close. The
   * port stays reserved for {@link #listen()}.
   */
  public void refuseConnections() {
    listener.refuse();
  }

  /**
   * Stops answering connects at all, as a firewall that drops packets: a connect times out. Open
   * connections close.
   */
  public void dropConnectionAttempts() {
    listener.dropSyns();
  }

  /** Listens again on the same port after {@link #refuseConnections()} or a dropped state. */
  public void listen() {
    listener.listen();
  }

  /** Threads of this server still running (accept and connections); zero once closed. */
  public int liveThreads() {
    return listener.liveThreads();
  }

  /** What answers on the port now. */
  public LoopbackListener.State listenerState() {
    return listener.state();
  }

  /** Whether this server speaks TLS. */
  public boolean tls() {
    return tls != null;
  }

  /** {@code http(s)://127.0.0.1:<port>} followed by the path. */
  public URI url(String path) {
    return URI.create(
        (tls() ? "https" : "http")
            + "://"
            + listener.address().getAddress().getHostAddress()
            + ":"
            + port()
            + path);
  }

  /** Answers every later request with this reply (unless something is enqueued or dispatched). */
  public void setReply(Reply value) {
    this.reply = Objects.requireNonNull(value, "reply");
  }

  /** Answers the next requests with these replies, in order, before falling back to the default. */
  public void enqueue(Reply... replies) {
    queue.addAll(List.of(replies));
  }

  /** Chooses every reply with this function from the request; null returns to queue and default. */
  public void dispatch(Function<RecordedRequest, Reply> value) {
    this.dispatcher = value;
  }

  /** Requests whose head was read completely. */
  public int requestCount() {
    return requests.get();
  }

  /** Connections accepted. */
  public int connectionCount() {
    return connections.get();
  }

  /** Connections open now. */
  public int openConnections() {
    return openCount.get();
  }

  /** The most connections that were open at once. */
  public int peakOpenConnections() {
    return peakOpen.get();
  }

  /**
   * The most requests that were waiting for their answer at once: counted from the moment a request
   * is read until just before the first byte of its answer is written. A client that holds a
   * connection until it has read the answer can never have fewer connections open than this, so it
   * measures a client's concurrency bound without the race of counting sockets on both sides.
   */
  public int peakConcurrentRequests() {
    return peakInFlight.get();
  }

  /** The most recent requests (up to 10,000), oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(new ArrayList<>(recorded));
  }

  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    listener.close();
  }

  private void accepted(Socket socket) {
    int number = connections.incrementAndGet();
    peakOpen.accumulateAndGet(openCount.incrementAndGet(), Math::max);
    try {
      serve(socket, number);
    } finally {
      openCount.decrementAndGet();
    }
  }

  private void serve(Socket raw, int number) {
    try {
      if (closed.getCount() == 0) {
        return;
      }
      raw.setTcpNoDelay(true);
      raw.setSoTimeout((int) Math.max(1, idleTimeout.toMillis()));
      Socket socket = raw;
      Optional<String> sni = Optional.empty();
      if (tls != null) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, null, true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        sni = serverName(ssl);
        socket = ssl;
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      RequestReader reader = new RequestReader(in);
      for (int sequence = 1; closed.getCount() > 0; sequence++) {
        RequestReader.Head head;
        try {
          head = reader.next();
        } catch (RequestReader.MalformedRequestException e) {
          out.write(
              "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          return;
        }
        if (head == null) {
          return;
        }
        RecordedRequest request =
            new RecordedRequest(
                number,
                sequence,
                head.method(),
                head.target(),
                head.version(),
                head.headers(),
                head.bodyBytes(),
                sni,
                Instant.now());
        requests.incrementAndGet();
        record(request);
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        InFlight answered = new InFlight();
        try {
          if (!respond(choose(request), request, raw, socket, in, out, answered)) {
            return;
          }
        } finally {
          answered.run();
        }
      }
    } catch (SocketTimeoutException e) {
      // idle keep-alive connection: close it like a server's keep-alive timeout would
    } catch (IOException | RuntimeException e) {
      // the client went away or the handshake failed; the connection ends either way
    } finally {
      closeQuietly(raw);
    }
  }

  private Reply choose(RecordedRequest request) {
    Function<RecordedRequest, Reply> chooser = dispatcher;
    if (chooser != null) {
      Reply chosen = chooser.apply(request);
      if (chosen != null) {
        return chosen;
      }
    }
    Reply next = queue.poll();
    return next != null ? next : reply;
  }

  private void record(RecordedRequest request) {
    recorded.addLast(request);
    if (recordedCount.incrementAndGet() > RECORDED_LIMIT) {
      recorded.pollFirst();
      recordedCount.decrementAndGet();
    }
  }

  /** Ends a request's in-flight count once, whichever comes first: its answer or its end. */
  private final class InFlight implements Runnable {
    private boolean done;

    @Override
    public void run() {
      if (!done) {
        done = true;
        inFlight.decrementAndGet();
      }
    }
  }

  /** Plays one reply; true when the connection stays open for another request. */
  private boolean respond(
      Reply r,
      RecordedRequest request,
      Socket raw,
      Socket socket,
      InputStream in,
      OutputStream out,
      Runnable answering)
      throws IOException {
    switch (r.fault()) {
      case EMPTY_REPLY -> {
        socket.close();
        return false;
      }
      case RESET -> {
        reset(raw);
        return false;
      }
      case NEVER_RESPOND -> {
        awaitClientGone(in);
        return false;
      }
      default -> {
        // the other faults need a rendered response
      }
    }
    if (!awaitClose(r.firstByteDelay())) {
      return false;
    }
    answering.run();
    boolean closing = r.closeConnection() || request.wantsClose();
    ReplyRenderer.Rendered rendered = ReplyRenderer.render(r, request, closing);
    for (byte[] interim : rendered.interim()) {
      out.write(interim);
    }
    switch (r.fault()) {
      case TRICKLE -> {
        byte[] all = concat(rendered.head(), rendered.body());
        for (byte b : all) {
          out.write(b);
          out.flush();
          if (!awaitClose(r.trickleInterval())) {
            return false;
          }
        }
      }
      case CLOSE_MID_HEADERS -> {
        out.write(rendered.head(), 0, rendered.head().length / 2);
        out.flush();
        socket.close();
        return false;
      }
      case TRUNCATED_BODY -> {
        out.write(rendered.head());
        out.write(rendered.truncatedBody());
        out.flush();
        socket.close();
        return false;
      }
      case RESET_MID_BODY -> {
        out.write(rendered.head());
        out.write(rendered.truncatedBody());
        out.flush();
        awaitClose(Duration.ofMillis(100));
        reset(raw);
        return false;
      }
      case STALL_MID_BODY -> {
        out.write(rendered.head());
        out.write(rendered.truncatedBody());
        out.flush();
        awaitClientGone(in);
        return false;
      }
      default -> {
        out.write(rendered.head());
        out.write(rendered.body());
      }
    }
    out.flush();
    if (closing) {
      socket.close();
      return false;
    }
    return true;
  }

  /**
   * Holds the connection without writing until the client gives up (closes it) or the server closes
   * — not until the server closes only, so that a proxy that times out and hangs up frees the
   * connection at once instead of leaving it parked for the server's life.
   */
  private void awaitClientGone(InputStream in) {
    byte[] sink = new byte[512];
    while (closed.getCount() > 0) {
      try {
        if (in.read(sink) < 0) {
          return;
        }
      } catch (SocketTimeoutException e) {
        // the client is still there; keep holding
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Sleeps for the duration unless the server closes first (or the thread is interrupted). */
  private boolean awaitClose(Duration duration) {
    try {
      if (duration.isZero() || duration.isNegative()) {
        return closed.getCount() > 0;
      }
      return !closed.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void reset(Socket raw) throws IOException {
    raw.setSoLinger(true, 0);
    raw.close();
  }

  private static Optional<String> serverName(SSLSocket ssl) {
    if (ssl.getSession() instanceof ExtendedSSLSession session) {
      for (SNIServerName name : session.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return Optional.of(host.getAsciiName());
        }
      }
    }
    return Optional.empty();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream(a.length + b.length);
    joined.writeBytes(a);
    joined.writeBytes(b);
    return joined.toByteArray();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public String toString() {
    return "FaultHttpServer[" + url("") + "]";
  }
}
