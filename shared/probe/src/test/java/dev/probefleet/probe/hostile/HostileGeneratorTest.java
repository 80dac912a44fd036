package dev.probefleet.probe.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generator's promise that a run replays: a case is a function of the seed and its number
 * alone, whatever was generated before it, and the families come round in order.
 */
class HostileGeneratorTest {

  @Test
  void aCaseReplaysAloneByteForByte() {
    HostileGenerator inOrder = new HostileGenerator(42);
    HostileCase[] cases = new HostileCase[300];
    for (int i = 0; i < cases.length; i++) {
      cases[i] = inOrder.generate(i);
    }
    HostileGenerator fresh = new HostileGenerator(42);
    for (int i = cases.length - 1; i >= 0; i -= 7) {
      HostileCase again = fresh.generate(i);
      assertThat(again.describe()).isEqualTo(cases[i].describe());
      assertThat(again.bytesWritten()).isEqualTo(cases[i].bytesWritten());
      assertThat(again.body()).isEqualTo(cases[i].body());
    }
  }

  @Test
  void anotherSeedPlaysOtherBytes() {
    int differing = 0;
    for (int i = 0; i < 50; i++) {
      if (!java.util.Arrays.equals(
          new HostileGenerator(1).generate(i).bytesWritten(),
          new HostileGenerator(2).generate(i).bytesWritten())) {
        differing++;
      }
    }
    assertThat(differing).isGreaterThan(40);
  }

  @Test
  void consecutiveCasesAsManyAsTheFamiliesPlayEachFamily() {
    HostileGenerator generator = new HostileGenerator(7);
    Set<HostileFamily> seen = EnumSet.noneOf(HostileFamily.class);
    for (int i = 1000; i < 1000 + HostileFamily.values().length; i++) {
      seen.add(generator.generate(i).family());
    }
    assertThat(seen).containsExactlyInAnyOrder(HostileFamily.values());
  }
}
