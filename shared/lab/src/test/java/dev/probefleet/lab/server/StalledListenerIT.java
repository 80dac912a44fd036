package dev.probefleet.lab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class StalledListenerIT {

  @Test
  void aConnectToAFullAcceptQueueNeverCompletes() {
    try (StalledListener listener = StalledListener.start();
        Socket socket = new Socket()) {
      assertThat(listener.queuedConnections()).isPositive();
      assertThatThrownBy(() -> socket.connect(listener.address(), 1000))
          .isInstanceOf(SocketTimeoutException.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSilentServerAcceptsAndSaysNothing() throws Exception {
    try (SilentServer server = SilentServer.start();
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(500);
      socket.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(server.connectionCount()).isEqualTo(1);
    }
  }
}
