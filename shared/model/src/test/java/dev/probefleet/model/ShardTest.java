package dev.probefleet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shards: the probe functions and the analyzer of one fleet must agree, across JVMs, versions and
 * deployments, on which targets go together. The hash is part of the contract.
 */
class ShardTest {

  @Test
  void theHashIsPinned() {
    // First eight bytes of SHA-256(UTF-8 name), unsigned, modulo count. Computed independently
    // (Python's hashlib); a change here moves targets between shards in a running fleet.
    assertThat(Shard.of("shop", 8)).isEqualTo(5);
    assertThat(Shard.of("shop", 1000))
        .as("the 64-bit hash of 'shop' has its top bit set: it must be read unsigned")
        .isEqualTo(725);
    assertThat(Shard.of("checkout", 3)).isEqualTo(2);
    assertThat(Shard.of("a", 8)).isEqualTo(2);
    assertThat(Shard.of("payments-eu", 8)).isEqualTo(1);
    assertThat(Shard.of("ünïcode-target", 8)).as("hashed as UTF-8").isEqualTo(6);
    assertThat(Shard.of("", 8)).isEqualTo(4);
  }

  @Test
  void aShardContainsTheNamesThatHashToIt() {
    assertThat(new Shard(5, 8).contains("shop")).isTrue();
    assertThat(new Shard(4, 8).contains("shop")).isFalse();
    assertThat(Shard.ALL.contains("shop")).isTrue();
    assertThat(Shard.ALL).isEqualTo(new Shard(0, 1));
  }

  @Test
  void parsesIndexSlashCount() {
    assertThat(Shard.parse("2/8")).isEqualTo(new Shard(2, 8));
    assertThat(Shard.parse(" 0 / 1 ")).isEqualTo(Shard.ALL);
    assertThat(Shard.parse("2/8")).hasToString("2/8");
    assertThat(Shard.parse(new Shard(7, 16).toString())).isEqualTo(new Shard(7, 16));
  }

  @Test
  void badShardsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> Shard.parse("2-8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shard is written index/count, e.g. 0/4; got '2-8'");
    assertThatThrownBy(() -> Shard.parse("x/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x/8'");
    assertThatThrownBy(() -> Shard.parse("/8")).hasMessageContaining("'/8'");
    assertThatThrownBy(() -> Shard.parse("2/")).hasMessageContaining("'2/'");
    assertThatThrownBy(() -> Shard.parse(null)).hasMessageContaining("'null'");
    assertThatThrownBy(() -> Shard.parse("8/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard index must be between 0 and 7, got 8");
    assertThatThrownBy(() -> Shard.parse("-1/8")).hasMessageContaining("got -1");
    assertThatThrownBy(() -> Shard.parse("0/0"))
        .hasMessage("shard count must be at least 1, got 0");
    assertThatThrownBy(() -> Shard.of("shop", 0))
        .hasMessage("shard count must be at least 1, got 0");
  }

  @Test
  void everyNameIsInExactlyOneShard() {
    int count = 8;
    for (int i = 0; i < 2_000; i++) {
      String name = "target-" + i;
      int holders = 0;
      for (int index = 0; index < count; index++) {
        if (new Shard(index, count).contains(name)) {
          holders++;
        }
      }
      assertThat(holders).as(name).isEqualTo(1);
    }
  }

  @Test
  void tenThousandNamesSpreadEvenlyOverEightShards() {
    int count = 8;
    int names = 10_000;
    Map<Integer, Integer> sizes = new HashMap<>();
    for (int i = 0; i < names; i++) {
      sizes.merge(Shard.of("svc-" + i + ".example.com", count), 1, Integer::sum);
    }
    double fair = names / (double) count;
    assertThat(sizes).hasSize(count);
    assertThat(sizes.values())
        .allSatisfy(size -> assertThat(size).isBetween((int) (fair * 0.85), (int) (fair * 1.15)));
  }
}
