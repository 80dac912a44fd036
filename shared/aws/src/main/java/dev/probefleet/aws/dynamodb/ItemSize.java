package dev.probefleet.aws.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it against its item limit and bills it: attribute names and
 * values, per its documented rules (strings as UTF-8, numbers by significant digits, lists and maps
 * with their per-element overhead).
 */
public final class ItemSize {
  /** The largest item DynamoDB stores: 400 KB, names and values counted. */
  public static final long MAX_BYTES = 400 * 1024;

  private ItemSize() {}

  /** The item's size in bytes. */
  public static long of(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8(e.getKey()) + value(e.getValue());
    }
    return size;
  }

  private static long value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return 1 + (v.n().replace("-", "").replace(".", "").length() + 1) / 2;
    }
    if (v.b() != null) {
      return v.b().asByteArray().length;
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    long size = 3;
    if (v.hasL()) {
      for (AttributeValue e : v.l()) {
        size += 1 + value(e);
      }
    } else if (v.hasM()) {
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        size += 1 + utf8(e.getKey()) + value(e.getValue());
      }
    } else if (v.hasSs()) {
      size = v.ss().stream().mapToLong(ItemSize::utf8).sum();
    }
    return size;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
