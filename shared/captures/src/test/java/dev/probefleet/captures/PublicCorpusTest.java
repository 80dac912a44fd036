package dev.probefleet.captures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.captures.PublicCorpus.Side;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublicCorpusTest {
  private static final Path SOURCE = Path.of("src/main/resources/dev/probefleet/captures/public");

  @Test
  void theShippedIndexAndSplitListEveryPageInTheSourceTree() {
    List<String> inTree = PublicCorpus.idsIn(SOURCE);

    assertThat(PublicCorpus.ids())
        .as("public/index.txt is stale: run PublicCorpus (see its Javadoc)")
        .isEqualTo(inTree);
    assertThat(PublicCorpus.split().keySet())
        .as("public/split.txt is stale: run PublicCorpus (see its Javadoc)")
        .containsExactlyInAnyOrderElementsOf(inTree);
  }

  @Test
  void theShippedSplitHoldsOutAboutAThirdOfEachGeneratorsPages() {
    Map<String, Side> split = PublicCorpus.split();
    Map<String, int[]> counts = new HashMap<>();
    split.forEach(
        (id, side) -> {
          int[] c = counts.computeIfAbsent(PublicCorpus.generatorOf(id), g -> new int[2]);
          c[side.ordinal()]++;
        });
    counts.forEach(
        (generator, c) ->
            assertThat((double) c[Side.HELD_OUT.ordinal()])
                .as(
                    generator
                        + ": held out of "
                        + (c[0] + c[1])
                        + " (pages removed later may"
                        + " leave it off by one, never more)")
                .isCloseTo((c[0] + c[1]) / 3.0, org.assertj.core.data.Offset.offset(1.0)));
  }

  @Test
  void theDrawIsFixedBySeedAndNeverMovesAPageAlreadyAssigned() {
    List<String> first = IntStream.range(0, 9).mapToObj(i -> "nginx/page-" + i).toList();
    Map<String, Side> once = PublicCorpus.assign(first, Map.of());
    assertThat(PublicCorpus.assign(first, Map.of())).isEqualTo(once);
    assertThat(once.values().stream().filter(s -> s == Side.HELD_OUT)).hasSize(3);

    List<String> more = IntStream.range(0, 15).mapToObj(i -> "nginx/page-" + i).toList();
    Map<String, Side> grown = PublicCorpus.assign(more, once);
    once.forEach((id, side) -> assertThat(grown.get(id)).as(id).isEqualTo(side));
    assertThat(grown.values().stream().filter(s -> s == Side.HELD_OUT)).hasSize(5);
  }

  @Test
  void aMalformedSplitLineNamesTheLine() {
    assertThatThrownBy(
            () -> PublicCorpus.parseSplit("nginx/a held-out\nnginx/b maybe\n", "split.txt"))
        .isInstanceOf(MalformedCaptureException.class)
        .hasMessageContaining("split.txt:2")
        .hasMessageContaining("maybe");
    assertThatThrownBy(
            () -> PublicCorpus.parseSplit("nginx/a held-out\nnginx/a tuning\n", "split.txt"))
        .hasMessageContaining("listed twice: nginx/a");
  }
}
