package dev.probefleet.probe.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code X-Request-ID} values of one round (or one {@code probe} call): version-4-shaped UUIDs
 * that share 122 random bits drawn once, when the round starts, and differ by a counter in the low
 * bits. Unique within the round by the counter and across rounds, processes and restored snapshots
 * by the random draw.
 *
 * <p>Why not {@link UUID#randomUUID()} per request: it serialises every caller on the JDK's one
 * {@code NativePRNG}, which takes a lock and refills its buffer from {@code /dev/urandom} every
 * other call. Measured on a 2-core machine, 90 virtual threads starting their probes at once waited
 * a median of 104 ms for their request ids in a fresh JVM (the first draw also seeds the generator)
 * and up to 15–24 ms in warm rounds, which spread the requests of one round over 50–150 ms instead
 * of a few, so the first answers arrived while the client was still busy sending, and their {@code
 * ttfb} waited for a carrier thread. Drawing once per round, on the thread that starts the round,
 * takes the generator off the probes' path.
 *
 * <p>The draw happens when the round starts, never before: nothing random is kept from
 * initialisation (or from {@link dev.probefleet.probe.ProbeClient#prime()}) into a Lambda SnapStart
 * or CRaC snapshot, where every restored copy would repeat it.
 */
public final class RequestIds {
  private static final long VERSION_MASK = 0xffff_ffff_ffff_0fffL;
  private static final long VERSION_4 = 0x0000_0000_0000_4000L;
  private static final long VARIANT_MASK = 0x3fff_ffff_ffff_ffffL;
  private static final long VARIANT_IETF = 0x8000_0000_0000_0000L;

  private final long high;
  private final long low;
  private final AtomicLong next = new AtomicLong();

  private RequestIds(long high, long low) {
    this.high = (high & VERSION_MASK) | VERSION_4;
    this.low = low & VARIANT_MASK;
  }

  /** Ids for one round, from 16 bytes of the JDK's default {@link SecureRandom}. */
  public static RequestIds random() {
    byte[] bytes = new byte[16];
    Entropy.GENERATOR.nextBytes(bytes);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[8 + i] & 0xff);
    }
    return new RequestIds(high, low);
  }

  /**
   * Ids from fixed bits, for traffic that carries nothing to correlate (priming a client against
   * its own loopback server): no entropy is drawn, so nothing random is initialised.
   */
  public static RequestIds fixed(long high, long low) {
    return new RequestIds(high, low);
  }

  /** The next id: {@code xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx}. */
  public String next() {
    long n = next.getAndIncrement();
    return new UUID(high, VARIANT_IETF | ((low + n) & VARIANT_MASK)).toString();
  }

  /** The generator, created on the first real draw (as {@link UUID#randomUUID()} holds its own). */
  private static final class Entropy {
    static final SecureRandom GENERATOR = new SecureRandom();
  }
}
