package dev.probefleet.model;

/** Where a failure arises (DESIGN §1, "Attribution"). */
public enum Layer {
  CDN,
  LOAD_BALANCER,
  ORIGIN,
  /** The prober cannot reach something the layers themselves can (e.g. a private origin). */
  NETWORK,
  /** A path's own host name does not resolve, or resolves outside {@code expectAddresses}. */
  DNS,
  /** Nothing is failing. */
  NONE,
  /** A path needed to decide is not configured; the candidates are listed, never a guess. */
  INCONCLUSIVE
}
