package dev.probefleet.store;

import dev.probefleet.model.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets registry read at most once per {@code ttl}: a probe or analyzer container that lives
 * across many scheduled invocations scans the registry once every few minutes, not every minute.
 * Targets applied with {@code probefleet targets apply} take effect within {@code ttl}.
 *
 * <p>When a refresh fails, the copy in hand keeps serving for up to {@code maxStale} (a registry
 * blip must not stop the fleet from probing); after that the failure propagates. Thread-safe.
 */
public final class CachedTargets implements TargetRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(CachedTargets.class);

  private final TargetRegistry registry;
  private final Duration ttl;
  private final Duration maxStale;
  private final Clock clock;

  private List<Target> targets;
  private Instant loadedAt;

  public CachedTargets(TargetRegistry registry, Duration ttl, Duration maxStale, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.maxStale = Objects.requireNonNull(maxStale, "maxStale");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || maxStale.compareTo(ttl) < 0) {
      throw new IllegalArgumentException(
          "the cache needs 0 <= ttl <= maxStale, got ttl " + ttl + " and maxStale " + maxStale);
    }
  }

  @Override
  public synchronized List<Target> all(Instant deadline) {
    Instant now = clock.instant();
    if (targets != null && now.isBefore(loadedAt.plus(ttl))) {
      return targets;
    }
    try {
      targets = registry.all(deadline);
      loadedAt = now;
      return targets;
    } catch (RuntimeException e) {
      if (targets != null && now.isBefore(loadedAt.plus(maxStale))) {
        LOG.warn(
            "targets registry unreadable, using the copy read at {}: {}", loadedAt, e.toString());
        return targets;
      }
      throw e;
    }
  }

  @Override
  public Optional<Target> get(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  @Override
  public ApplyReport apply(List<Target> wanted, boolean prune) {
    try {
      return registry.apply(wanted, prune);
    } finally {
      invalidate();
    }
  }

  @Override
  public ApplyReport plan(List<Target> wanted, boolean prune) {
    return registry.plan(wanted, prune);
  }

  /** Forgets the copy in hand: the next read goes to the registry. */
  public synchronized void invalidate() {
    targets = null;
    loadedAt = null;
  }
}
