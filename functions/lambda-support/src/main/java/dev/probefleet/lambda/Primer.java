package dev.probefleet.lambda;

import java.time.Duration;

/**
 * Work that loads and compiles a hot path before it is needed: run before a SnapStart snapshot is
 * taken and, when {@link #atInit()} says so, while the function initialises.
 *
 * <p>A primer must leave nothing behind that is unique to one execution environment: no open
 * connection, no resolved credential, no cached DNS answer for a real name, no random state that
 * would be shared by every environment restored from the same snapshot. It talks to loopback
 * servers it starts and stops itself, or to nothing at all.
 */
public interface Primer {

  /** What is primed, for the log (e.g. {@code probe client}). */
  String name();

  /** Does the priming; an exception is logged and the function starts anyway, unprimed. */
  void prime() throws Exception;

  /**
   * Does the priming within about this much time: at init, where Lambda's init phase is limited to
   * 10 s. By default the budget is not looked at ({@link #prime()}); a primer whose work grows with
   * a slow CPU takes it.
   */
  default void prime(Duration budget) throws Exception {
    prime();
  }

  /**
   * Whether this priming also runs at init without SnapStart: worth it when an unprimed first
   * invocation would be <em>wrong</em> (a probe's first round timing slower than the target is),
   * not merely slower.
   */
  default boolean atInit() {
    return false;
  }
}
