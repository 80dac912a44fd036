package dev.probefleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.Target;
import dev.probefleet.store.contract.ManualClock;
import dev.probefleet.store.contract.Rounds;
import dev.probefleet.store.memory.InMemoryTargetRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry as a long-lived probe or analyzer container reads it: at most once per TTL, a stale
 * copy through a registry blip, and never stale after an apply through it.
 */
class CachedTargetsTest {
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration MAX_STALE = Duration.ofMinutes(30);

  /** The in-memory registry, counting its reads and failing on demand. */
  static final class FlakyRegistry implements TargetRegistry {
    final InMemoryTargetRegistry registry = new InMemoryTargetRegistry();
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean failing;

    @Override
    public List<Target> all(Instant deadline) {
      reads.incrementAndGet();
      if (failing) {
        throw new StoreException("targets table unreadable: throttled");
      }
      return registry.all();
    }

    @Override
    public Optional<Target> get(String name) {
      throw new AssertionError("the cache answers get() from its copy");
    }

    @Override
    public ApplyReport apply(List<Target> targets, boolean prune) {
      if (failing) {
        throw new StoreException("targets table unwritable");
      }
      return registry.apply(targets, prune);
    }

    @Override
    public ApplyReport plan(List<Target> targets, boolean prune) {
      return registry.plan(targets, prune);
    }
  }

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T09:00:00Z"));
  private final FlakyRegistry registry = new FlakyRegistry();
  private final CachedTargets cache = new CachedTargets(registry, TTL, MAX_STALE, clock);

  @BeforeEach
  void registerOne() {
    registry.registry.apply(List.of(Rounds.target("shop")), false);
  }

  private List<String> names() {
    return cache.all().stream().map(Target::name).toList();
  }

  @Test
  void theRegistryIsReadOncePerTtl() {
    assertThat(names()).containsExactly("shop");
    clock.advance(Duration.ofMinutes(4));
    assertThat(names()).containsExactly("shop");
    assertThat(cache.get("shop")).isPresent();
    assertThat(cache.get("nobody")).isEmpty();
    assertThat(registry.reads).as("one read within the TTL").hasValue(1);

    clock.advance(Duration.ofMinutes(1));
    names();
    assertThat(registry.reads).as("read again once the TTL is over").hasValue(2);
  }

  @Test
  void targetsAppliedElsewhereShowWithinTheTtl() {
    names();
    registry.registry.apply(List.of(Rounds.target("shop"), Rounds.target("api")), false);

    clock.advance(TTL.minusSeconds(1));
    assertThat(names()).as("still the copy in hand").containsExactly("shop");
    clock.advance(Duration.ofSeconds(1));
    assertThat(names()).containsExactly("api", "shop");
  }

  @Test
  void aStaleCopyIsServedThroughARegistryBlipUpToMaxStaleThenTheErrorPropagates() {
    names();
    registry.failing = true;

    clock.advance(TTL.plusSeconds(1));
    assertThat(names()).as("stale, but the fleet keeps probing").containsExactly("shop");
    clock.set(Instant.parse("2026-11-24T09:00:00Z").plus(MAX_STALE).minusMillis(1));
    assertThat(names()).containsExactly("shop");
    int readsSoFar = registry.reads.get();
    assertThat(readsSoFar).as("every call past the TTL tries the registry again").isEqualTo(3);

    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(cache::all)
        .isInstanceOf(StoreException.class)
        .hasMessage("targets table unreadable: throttled");

    registry.failing = false;
    assertThat(names()).as("the registry is back").containsExactly("shop");
    clock.advance(Duration.ofMinutes(1));
    names();
    assertThat(registry.reads).as("fresh copy, fresh TTL").hasValue(readsSoFar + 2);
  }

  @Test
  void aFirstReadThatFailsPropagates() {
    registry.failing = true;
    assertThatThrownBy(cache::all).isInstanceOf(StoreException.class);
  }

  @Test
  void applyingThroughTheCacheInvalidatesIt() {
    names();

    TargetRegistry.ApplyReport report =
        cache.apply(List.of(Rounds.target("shop"), Rounds.target("api")), false);

    assertThat(report.added()).containsExactly("api");
    assertThat(names()).as("no wait for the TTL").containsExactly("api", "shop");
    assertThat(registry.reads).hasValue(2);
  }

  @Test
  void aFailedApplyInvalidatesToo() {
    names();
    registry.failing = true;
    assertThatThrownBy(() -> cache.apply(List.of(Rounds.target("api")), false))
        .isInstanceOf(StoreException.class);
    registry.failing = false;

    names();

    assertThat(registry.reads)
        .as("the registry may have been half written: read it again")
        .hasValue(2);
  }

  @Test
  void invalidateForgetsTheCopy() {
    names();
    cache.invalidate();
    names();
    assertThat(registry.reads).hasValue(2);
  }

  @Test
  void theSettingsAreChecked() {
    assertThatThrownBy(
            () -> new CachedTargets(registry, Duration.ofMinutes(5), Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the cache needs 0 <= ttl <= maxStale, got ttl PT5M and maxStale PT1M");
    assertThatThrownBy(
            () -> new CachedTargets(registry, Duration.ofSeconds(-1), Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aZeroTtlReadsEveryTime() {
    CachedTargets uncached = new CachedTargets(registry, Duration.ZERO, MAX_STALE, clock);
    uncached.all();
    uncached.all();
    assertThat(registry.reads).hasValue(2);
  }
}
