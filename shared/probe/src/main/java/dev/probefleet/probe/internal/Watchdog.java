package dev.probefleet.probe.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection's socket when its sample's deadline passes. Per-read socket timeouts bound
 * each read of a plain socket, but not a TLS handshake or a TLS record trickled a byte at a time
 * (JSSE reads the underlying socket in a loop), so this is what makes the deadline absolute: the
 * blocked read fails with "socket closed" and {@link #fired()} says why.
 */
final class Watchdog implements AutoCloseable {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final ScheduledFuture<?> task;
  private volatile boolean fired;

  private Watchdog(Socket socket, Deadline deadline) {
    this.task =
        TIMER.schedule(
            () -> {
              fired = true;
              try {
                socket.close();
              } catch (IOException e) {
                // the socket is unusable either way
              }
            },
            Math.max(0, deadline.remainingNanos()),
            TimeUnit.NANOSECONDS);
  }

  static Watchdog arm(Socket socket, Deadline deadline) {
    return new Watchdog(socket, deadline);
  }

  /** Whether the deadline passed and the socket was closed. */
  boolean fired() {
    return fired;
  }

  @Override
  public void close() {
    task.cancel(false);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "probefleet-probe-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
