package dev.probefleet.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Shard {@code index} of {@code count}: the part of a fleet one invocation probes or analyses.
 *
 * <p>A target belongs to the shard its name hashes to: the first eight bytes of the SHA-256 of the
 * UTF-8 name, unsigned, modulo {@code count}. The hash is stable across JVMs, versions and
 * languages, so the probe functions and the analyzer, sharded by the same count, agree on which
 * targets go together, and adding a target moves no other one.
 *
 * @param index 0 ≤ index &lt; count
 * @param count how many shards the fleet is split into, at least 1
 */
public record Shard(int index, int count) {
  /** The whole fleet in one shard. */
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index must be between 0 and " + (count - 1) + ", got " + index);
    }
  }

  /** Whether a target belongs to this shard. */
  public boolean contains(String targetName) {
    return count == 1 || of(targetName, count) == index;
  }

  /** The shard index a target name hashes to among {@code count} shards. */
  public static int of(String targetName, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, got " + count);
    }
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256").digest(targetName.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    long hash = 0;
    for (int i = 0; i < 8; i++) {
      hash = (hash << 8) | (digest[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(hash, count);
  }

  /** {@code 2/8}: index/count, as written in schedules and logs. */
  @Override
  public String toString() {
    return index + "/" + count;
  }

  /**
   * Parses {@code i/n} (as an EventBridge schedule's input or a command-line flag carries it).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Shard parse(String text) {
    String value = text == null ? "" : text.trim();
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1) {
      throw new IllegalArgumentException(
          "a shard is written index/count, e.g. 0/4; got '" + text + "'");
    }
    try {
      return new Shard(
          Integer.parseInt(value.substring(0, slash).trim()),
          Integer.parseInt(value.substring(slash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a shard is written index/count, e.g. 0/4; got '" + text + "'");
    }
  }
}
