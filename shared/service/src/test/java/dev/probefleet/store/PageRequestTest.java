package dev.probefleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void theLimitDefaultsAndIsBounded() {
    assertThat(PageRequest.fromParameters(null, null)).isEqualTo(PageRequest.first(50));
    assertThat(PageRequest.fromParameters(" 7 ", "tok")).isEqualTo(PageRequest.after("tok", 7));
    assertThatThrownBy(() -> PageRequest.fromParameters("0", null))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("limit: must be between 1 and 1000, got 0");
    assertThatThrownBy(() -> PageRequest.fromParameters("1001", null))
        .hasMessage("limit: must be between 1 and 1000, got 1001");
    assertThatThrownBy(() -> PageRequest.fromParameters("ten", null))
        .hasMessage("limit: 'ten' is not a whole number");
    assertThatThrownBy(() -> PageRequest.fromParameters(null, " "))
        .hasMessage("next: the continuation token is empty");
  }

  /** A query over pages that may be empty, as DynamoDB returns them with a filter. */
  private static Page<Integer> page(PageRequest request) {
    Map<String, Page<Integer>> pages =
        Map.of(
            "start", new Page<>(List.of(), Optional.of("b")),
            "b", new Page<>(List.of(), Optional.of("c")),
            "c", new Page<>(List.of(1, 2), Optional.of("d")),
            "d", new Page<>(List.of(), Optional.of("e")),
            "e", new Page<>(List.of(3), Optional.empty()));
    return pages.get(request.continuation().orElse("start"));
  }

  @Test
  void collectingFollowsTokensThroughEmptyPagesToTheEnd() {
    List<PageRequest> asked = new ArrayList<>();
    List<Integer> all =
        Page.collect(
            PageRequest.first(2),
            100,
            r -> {
              asked.add(r);
              return page(r);
            });
    assertThat(all).containsExactly(1, 2, 3);
    assertThat(asked).extracting(PageRequest::limit).containsOnly(2);
    assertThat(asked).hasSize(5);
    assertThat(Page.collect(PageRequest.first(2), 2, PageRequestTest::page)).containsExactly(1, 2);
  }
}
