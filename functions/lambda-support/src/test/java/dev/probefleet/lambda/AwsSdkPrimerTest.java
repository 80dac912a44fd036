package dev.probefleet.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class AwsSdkPrimerTest {

  @Test
  void callsEveryOperationTheStoresAndThePublisherUseAgainstItsOwnStub() throws Exception {
    AwsSdkPrimer primer = new AwsSdkPrimer();

    primer.prime();

    assertThat(primer.served())
        .containsOnlyKeys(
            "BatchGetItem",
            "GetItem",
            "PutItem",
            "Publish",
            "Query",
            "TransactWriteItems",
            "UpdateItem")
        .allSatisfy((operation, count) -> assertThat(count).isEqualTo(3));
  }

  /** Nothing may survive into a snapshot: the stub is closed, so is every connection to it. */
  @Test
  void leavesNothingListening() throws Exception {
    AwsSdkPrimer primer = new AwsSdkPrimer();
    primer.prime();
    InetSocketAddress stub = primer.lastStub().orElseThrow();

    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(stub, 500);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void canRunAgain() throws IOException {
    AwsSdkPrimer primer = new AwsSdkPrimer();
    primer.prime();
    primer.prime();

    assertThat(primer.served().get("GetItem")).isEqualTo(6);
  }
}
