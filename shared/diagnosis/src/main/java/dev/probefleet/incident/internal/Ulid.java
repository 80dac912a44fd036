package dev.probefleet.incident.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * ULIDs (26 Crockford base-32 characters: 48 bits of milliseconds, then 80 bits) whose second part
 * is a hash instead of randomness, so that the same inputs always give the same id.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final long MAX_TIME = (1L << 48) - 1;

  private Ulid() {}

  /** The ULID of a time and a seed: time-sortable, and equal for equal inputs. */
  public static String of(long epochMillis, String seed) {
    if (epochMillis < 0 || epochMillis > MAX_TIME) {
      throw new IllegalArgumentException("time outside the ULID range: " + epochMillis);
    }
    byte[] hash = sha256(seed);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 6; i++) {
      bytes[i] = (byte) (epochMillis >>> (8 * (5 - i)));
    }
    System.arraycopy(hash, 0, bytes, 6, 10);
    char[] out = new char[26];
    // 128 bits in 26 five-bit groups: the first character carries the top 3 bits.
    for (int i = 25; i >= 0; i--) {
      int bitFromEnd = (25 - i) * 5;
      out[i] = ALPHABET[bits(bytes, bitFromEnd)];
    }
    return new String(out);
  }

  /** The five bits ending {@code fromEnd} bits before the end of the 128-bit value. */
  private static int bits(byte[] bytes, int fromEnd) {
    int value = 0;
    for (int b = 4; b >= 0; b--) {
      int bit = fromEnd + b;
      if (bit >= 128) {
        continue;
      }
      int byteIndex = 15 - bit / 8;
      int within = bit % 8;
      value = (value << 1) | ((bytes[byteIndex] >>> within) & 1);
    }
    return value;
  }

  private static byte[] sha256(String seed) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
