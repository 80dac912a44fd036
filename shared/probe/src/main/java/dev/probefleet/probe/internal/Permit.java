package dev.probefleet.probe.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** One slot of the client's connection bound, released exactly once whoever releases it. */
final class Permit {
  private final Semaphore permits;
  private final AtomicBoolean released = new AtomicBoolean();

  Permit(Semaphore permits) {
    this.permits = permits;
  }

  void release() {
    if (released.compareAndSet(false, true)) {
      permits.release();
    }
  }
}
