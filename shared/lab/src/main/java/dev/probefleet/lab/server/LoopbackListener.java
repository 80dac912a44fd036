package dev.probefleet.lab.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A TCP port on a loopback address that keeps its number for its whole life while what answers on
 * it changes at run time: a listener ({@link State#LISTENING}), nothing ({@link State#REFUSING}: a
 * process that died, connects are refused), or a listener whose accept queue is full ({@link
 * State#DROPPING_SYNS}: a firewall that drops packets, connects time out).
 *
 * <p>Why the port survives: a plain socket is bound to it first and kept bound, never listening.
 * Linux refuses connections to a bound socket that does not listen, and lets a listening socket
 * (with {@code SO_REUSEADDR}) bind over it; so closing the listener leaves a port that refuses and
 * that no socket bound without {@code SO_REUSEADDR} (a client's, for one) can take, and listening
 * again needs no race for the port.
 *
 * <p>Each accepted connection is handed to the handler on its own virtual thread and closed when
 * the handler returns. Leaving {@link State#LISTENING} closes every open connection too, as a dying
 * process's connections close with it.
 */
public final class LoopbackListener implements AutoCloseable {
  private static final int FILL_ATTEMPTS = 64;
  private static final int FILL_TIMEOUT_MILLIS = 200;
  private static final Duration BIND_RETRY = Duration.ofSeconds(2);

  /** What answers on the port. */
  public enum State {
    /** Connections are accepted and served. */
    LISTENING,
    /** Nothing listens: a connect is refused at once. */
    REFUSING,
    /** The accept queue is full and never drained: a connect times out. */
    DROPPING_SYNS,
    /** Closed for good; the port is released. */
    CLOSED
  }

  private final String name;
  private final InetAddress bindAddress;
  private final int backlog;
  private final Consumer<Socket> handler;
  private final Socket placeholder;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<Thread> serving = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Thread> acceptors = new ArrayList<>();
  private State state = State.REFUSING;
  private ServerSocket listener;
  private ServerSocket stalled;
  private final List<Socket> queued = new ArrayList<>();

  private LoopbackListener(
      String name, InetAddress bindAddress, int backlog, Consumer<Socket> handler) {
    this.name = Objects.requireNonNull(name, "name");
    this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    this.backlog = backlog;
    this.handler = Objects.requireNonNull(handler, "handler");
    Socket held = new Socket();
    try {
      held.setReuseAddress(true);
      held.bind(new InetSocketAddress(bindAddress, 0));
    } catch (IOException e) {
      closeQuietly(held);
      throw new UnableToStartServerException(
          "cannot reserve a port on " + bindAddress.getHostAddress() + " for " + name, e);
    }
    this.placeholder = held;
  }

  /**
   * Reserves a port on the address and starts listening on it.
   *
   * @param name names the threads and error messages, e.g. {@code lab-lb}
   * @param handler serves one accepted connection; called on its own virtual thread
   */
  public static LoopbackListener start(
      String name, InetAddress bindAddress, int backlog, Consumer<Socket> handler) {
    LoopbackListener listener = new LoopbackListener(name, bindAddress, backlog, handler);
    try {
      listener.listen();
    } catch (RuntimeException e) {
      listener.close();
      throw e;
    }
    return listener;
  }

  /** Reserves a port on 127.0.0.1 and starts listening on it (backlog 1024). */
  public static LoopbackListener start(String name, Consumer<Socket> handler) {
    return start(name, InetAddress.getLoopbackAddress(), 1024, handler);
  }

  /** The port, the same in every state. */
  public int port() {
    return placeholder.getLocalPort();
  }

  /** The address and port. */
  public InetSocketAddress address() {
    return new InetSocketAddress(bindAddress, port());
  }

  public synchronized State state() {
    return state;
  }

  /** Connections accepted so far. */
  public int acceptedCount() {
    return accepted.get();
  }

  /** Connections open now. */
  public int openCount() {
    return open.size();
  }

  /**
   * Threads of this listener still running: its accept thread and one per connection being served.
   * Zero after {@link #close()} returns, unless a handler ignored both its socket's closing and an
   * interrupt for two seconds.
   */
  public int liveThreads() {
    int live = (int) serving.stream().filter(Thread::isAlive).count();
    synchronized (this) {
      live += (int) acceptors.stream().filter(Thread::isAlive).count();
    }
    return live;
  }

  /** Accepts connections again (a no-op when already listening). */
  public synchronized void listen() {
    requireOpen();
    if (state == State.LISTENING) {
      return;
    }
    closeStalled();
    ServerSocket socket = bindOverPlaceholder(backlog, "listen");
    listener = socket;
    state = State.LISTENING;
    Thread acceptor =
        Thread.ofVirtual().name(name + "-accept-" + port()).start(() -> acceptLoop(socket));
    acceptors.removeIf(t -> !t.isAlive());
    acceptors.add(acceptor);
  }

  /** Stops listening and closes every open connection: a connect is now refused. */
  public synchronized void refuse() {
    requireOpen();
    stopListening();
    closeStalled();
    state = State.REFUSING;
  }

  /**
   * Stops listening, closes every open connection, and listens again with an accept queue that is
   * full and never drained, so a connect's SYN is dropped and the connect times out.
   *
   * @throws UnableToStartServerException when this kernel never drops a SYN for a full queue
   */
  public synchronized void dropSyns() {
    requireOpen();
    if (state == State.DROPPING_SYNS) {
      return;
    }
    stopListening();
    state = State.REFUSING;
    stalled = bindOverPlaceholder(1, "bind a stalled listener");
    for (int i = 0; i < FILL_ATTEMPTS; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(address(), FILL_TIMEOUT_MILLIS);
        queued.add(socket);
      } catch (java.net.SocketTimeoutException e) {
        closeQuietly(socket);
        state = State.DROPPING_SYNS;
        return;
      } catch (IOException e) {
        closeQuietly(socket);
        break;
      }
    }
    closeStalled();
    state = State.REFUSING;
    throw new UnableToStartServerException(
        "the accept queue of "
            + bindAddress.getHostAddress()
            + ":"
            + port()
            + " never filled up: this kernel does not drop SYNs for a full queue");
  }

  /**
   * Binds a listening socket to the port the placeholder holds. A listener closed a moment ago may
   * still hold the port for a few milliseconds (its file descriptor is released only once its
   * accept thread has left the blocking call), so a refused bind is retried briefly.
   */
  private ServerSocket bindOverPlaceholder(int queue, String what) {
    long deadline = System.nanoTime() + BIND_RETRY.toNanos();
    while (true) {
      ServerSocket socket = null;
      try {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address(), queue);
        return socket;
      } catch (IOException e) {
        if (socket != null) {
          closeQuietly(socket);
        }
        if (!(e instanceof java.net.BindException) || System.nanoTime() > deadline) {
          throw new UnableToStartServerException(
              "cannot "
                  + what
                  + " on "
                  + bindAddress.getHostAddress()
                  + ":"
                  + port()
                  + " for "
                  + name,
              e);
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new UnableToStartServerException(
              "interrupted while trying to " + what + " on port " + port(), e);
        }
      }
    }
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
        continue;
      }
      int number = accepted.incrementAndGet();
      open.add(client);
      if (socket.isClosed()) {
        // stopListening() ran between accept and add: this connection dies with the listener
        closeQuietly(client);
      }
      Thread thread =
          Thread.ofVirtual()
              .name(name + "-" + port() + "-" + number)
              .unstarted(() -> serve(client));
      serving.add(thread);
      thread.start();
    }
  }

  private void serve(Socket client) {
    try {
      handler.accept(client);
    } catch (RuntimeException e) {
      // a handler bug ends its connection, never the listener
    } finally {
      closeQuietly(client);
      open.remove(client);
      serving.remove(Thread.currentThread());
    }
  }

  private void stopListening() {
    if (listener != null) {
      closeQuietly(listener);
      listener = null;
      // Only once the accept thread has left accept() is the listening socket really gone; until
      // then a connect could still land in its queue and be reset instead of refused.
      for (Thread acceptor : acceptors) {
        try {
          acceptor.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (Socket socket : List.copyOf(open)) {
      closeQuietly(socket);
    }
    // A handler may be waiting on something else than its client (an upstream, a delay): wake it,
    // so that it ends with its connection.
    for (Thread thread : List.copyOf(serving)) {
      thread.interrupt();
    }
  }

  private void closeStalled() {
    for (Socket socket : queued) {
      closeQuietly(socket);
    }
    queued.clear();
    if (stalled != null) {
      closeQuietly(stalled);
      stalled = null;
    }
  }

  private void requireOpen() {
    if (state == State.CLOSED) {
      throw new IllegalStateException(name + " on port " + port() + " is closed");
    }
  }

  /**
   * Releases the port, closes every connection, and waits (up to 2 s each) for the accept thread
   * and every connection's thread to end.
   */
  @Override
  public void close() {
    List<Thread> threads;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      stopListening();
      closeStalled();
      closeQuietly(placeholder);
      state = State.CLOSED;
      threads = new ArrayList<>(acceptors);
      threads.addAll(serving);
    }
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public String toString() {
    return "LoopbackListener[" + name + " " + bindAddress.getHostAddress() + ":" + port() + "]";
  }
}
