package dev.probefleet.incident;

/**
 * When incidents open and resolve: open when {@code k} of the last {@code n} round slots fail with
 * the same layer; resolve after {@code m} consecutive healthy slots. A change of layer, cause,
 * severity or regional spread updates an open incident once it has held for the last {@code k}
 * slots, so a single odd round neither opens nor updates anything.
 *
 * @param k failing slots needed, 1..n
 * @param n slots looked at
 * @param m consecutive healthy slots that resolve
 * @throws InvalidIncidentPolicyException naming the bad value
 */
public record IncidentPolicy(int k, int n, int m) {
  /** 2 of 3 to open, 3 healthy to resolve (DESIGN §1). */
  public static final IncidentPolicy DEFAULT = new IncidentPolicy(2, 3, 3);

  public IncidentPolicy {
    if (n < 1) {
      throw new InvalidIncidentPolicyException("n", n, "must be at least 1");
    }
    if (k < 1 || k > n) {
      throw new InvalidIncidentPolicyException("k", k, "must be between 1 and n (" + n + ")");
    }
    if (m < 1) {
      throw new InvalidIncidentPolicyException("m", m, "must be at least 1");
    }
  }

  /** How many slots the window spans: enough to decide both opening and resolving. */
  public int windowSlots() {
    return Math.max(n, m);
  }
}
