package dev.probefleet.cli.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoardAddressTest {

  @Test
  void theDefaultIsLoopbackPort8080AndNotChosen() {
    BoardAddress a = BoardAddress.parse(null).orElseThrow();
    assertThat(a).isEqualTo(new BoardAddress("127.0.0.1", 8080, false));
    assertThat(a.loopback()).isTrue();
  }

  @Test
  void offHostPortAndBracketedIpv6() {
    assertThat(BoardAddress.parse("off")).isEmpty();
    assertThat(BoardAddress.parse("OFF")).isEmpty();
    assertThat(BoardAddress.parse("0.0.0.0:9090").orElseThrow())
        .isEqualTo(new BoardAddress("0.0.0.0", 9090, true));
    assertThat(BoardAddress.parse("0.0.0.0:9090").orElseThrow().loopback()).isFalse();
    assertThat(BoardAddress.parse("[::1]:0").orElseThrow())
        .isEqualTo(new BoardAddress("::1", 0, true));
    assertThat(BoardAddress.parse("[::1]:0").orElseThrow().loopback()).isTrue();
  }

  @Test
  void badValuesSayWhatIsWrong() {
    assertThatThrownBy(() -> BoardAddress.parse("8080"))
        .hasMessage("'8080' is not HOST:PORT or off");
    assertThatThrownBy(() -> BoardAddress.parse("localhost:http"))
        .hasMessage("'localhost:http': the port 'http' is not a number");
    assertThatThrownBy(() -> BoardAddress.parse("localhost:70000"))
        .hasMessage("'localhost:70000': the port must be 0 to 65535");
    assertThatThrownBy(() -> BoardAddress.parse(":8080"))
        .hasMessage("':8080' is not HOST:PORT or off");
  }
}
