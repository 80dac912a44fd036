package dev.probefleet.model;

import java.util.Locale;

/** The three ways a target is probed, from the user's side inwards. */
public enum PathKind {
  /** Client → CDN edge → load balancer → origin. */
  CDN,
  /** Client → load balancer → origin, CDN bypassed. */
  LB,
  /** Client → one origin instance, load balancer bypassed. */
  ORIGIN;

  /**
   * The name used in the targets file and in JSON output: {@code cdn}, {@code lb}, {@code origin}.
   */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind for a key of the targets file, or null. */
  public static PathKind ofKey(String key) {
    for (PathKind kind : values()) {
      if (kind.key().equals(key)) {
        return kind;
      }
    }
    return null;
  }
}
