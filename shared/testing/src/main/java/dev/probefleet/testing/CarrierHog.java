package dev.probefleet.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A saturated prober on purpose: once {@code after} has passed, one virtual thread per CPU spins
 * for {@code hog} without ever parking, so every carrier of the virtual-thread scheduler is held
 * and every other virtual thread (probes, the prober's own load timer) waits for one. The test's
 * round runs meanwhile; {@link #awaitStarted} says whether the hog did start.
 *
 * <pre>{@code
 * CarrierHog hog = CarrierHog.after(Duration.ofMillis(120), Duration.ofMillis(1500));
 * RoundOutcome outcome = client.round(tasks, deadline);
 * assertThat(hog.awaitStarted(Duration.ofSeconds(5))).isTrue();
 * }</pre>
 */
public final class CarrierHog {
  private final CountDownLatch started;

  private CarrierHog(CountDownLatch started) {
    this.started = started;
  }

  /** Starts the hog {@code after} from now, for {@code hog}; returns at once. */
  public static CarrierHog after(Duration after, Duration hog) {
    int carriers = Runtime.getRuntime().availableProcessors();
    CountDownLatch started = new CountDownLatch(carriers);
    Thread.ofPlatform()
        .daemon()
        .name("carrier-hog")
        .start(
            () -> {
              try {
                Thread.sleep(after.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              for (int i = 0; i < carriers; i++) {
                Thread.ofVirtual()
                    .start(
                        () -> {
                          started.countDown();
                          long end = System.nanoTime() + hog.toNanos();
                          while (System.nanoTime() < end) {
                            Thread.onSpinWait(); // holds its carrier: never parks
                          }
                        });
              }
            });
    return new CarrierHog(started);
  }

  /**
   * Waits until every spinning thread has started, for at most {@code atMost}; whether they did.
   */
  public boolean awaitStarted(Duration atMost) throws InterruptedException {
    return started.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }
}
