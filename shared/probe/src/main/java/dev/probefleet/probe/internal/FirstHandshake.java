package dev.probefleet.probe.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client's first TLS handshake goes alone. A fresh JVM's first handshake loads and links some
 * 1,500 classes (JSSE, the providers, the certificate path code) and builds the trust store: a few
 * hundred milliseconds during which every other handshake that has started waits for the same class
 * initialisation and then runs interpreted, and reports that wait as the target's TLS time — the
 * p99 of a fresh process's first HTTPS round was 150–600 ms against 2 ms for its median. So the
 * first TLS probe of a client handshakes while the others wait, for at most {@link
 * #MAX_WAIT_MILLIS}, in the prober's queue (before their deadlines start), and then they go. Once
 * is enough: the gate is open for the client's life, and {@link
 * dev.probefleet.probe.ProbeClient#prime()} opens it too.
 */
final class FirstHandshake {
  /** The longest a probe waits for the first handshake (a black-holed first target ends it). */
  static final long MAX_WAIT_MILLIS = 1_000;

  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);

  /** Whether the first handshake has ended (then nobody waits). */
  boolean open() {
    return finished.getCount() == 0;
  }

  /**
   * True for the one caller that goes first; it must call {@link #finished()} when its TLS ends.
   */
  boolean claim() {
    return !open() && claimed.compareAndSet(false, true);
  }

  void finished() {
    finished.countDown();
  }

  /**
   * Waits for the first handshake, at most {@code millis} (never more than {@link
   * #MAX_WAIT_MILLIS}).
   */
  void await(long millis) {
    try {
      finished.await(Math.max(0, Math.min(millis, MAX_WAIT_MILLIS)), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
