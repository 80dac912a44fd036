package dev.probefleet.lab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** A port that keeps its number while what answers on it changes. */
class LoopbackListenerIT {

  /** Echoes one byte back, then closes. */
  private static void echoOnce(Socket socket) {
    try {
      int b = socket.getInputStream().read();
      socket.getOutputStream().write(b);
    } catch (IOException e) {
      // the client went away
    }
  }

  private static int roundTrip(InetSocketAddress address) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 1000);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write(42);
      return socket.getInputStream().read();
    }
  }

  @Test
  void refusesThenListensAgainOnTheSamePort() throws IOException {
    try (LoopbackListener listener = LoopbackListener.start("test", LoopbackListenerIT::echoOnce)) {
      int port = listener.port();
      assertThat(roundTrip(listener.address())).isEqualTo(42);

      listener.refuse();
      assertThat(listener.state()).isEqualTo(LoopbackListener.State.REFUSING);
      assertThatThrownBy(() -> roundTrip(listener.address())).isInstanceOf(ConnectException.class);
      // a socket bound without SO_REUSEADDR (a client's, say) cannot take the port meanwhile
      assertThatThrownBy(
              () -> {
                try (ServerSocket other = new ServerSocket()) {
                  other.setReuseAddress(false);
                  other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                }
              })
          .isInstanceOf(IOException.class);

      listener.listen();
      assertThat(listener.port()).isEqualTo(port);
      assertThat(roundTrip(listener.address())).isEqualTo(42);
    }
  }

  @Test
  void droppingSynsMakesAConnectTimeOut() throws IOException {
    try (LoopbackListener listener = LoopbackListener.start("test", LoopbackListenerIT::echoOnce)) {
      listener.dropSyns();
      assertThat(listener.state()).isEqualTo(LoopbackListener.State.DROPPING_SYNS);
      try (Socket socket = new Socket()) {
        assertThatThrownBy(() -> socket.connect(listener.address(), 500))
            .isInstanceOf(SocketTimeoutException.class);
      }
      listener.listen();
      assertThat(roundTrip(listener.address())).isEqualTo(42);
    }
  }

  @Test
  void refusingClosesOpenConnectionsAndCloseReleasesThePort() throws Exception {
    LoopbackListener listener =
        LoopbackListener.start(
            "test",
            socket -> {
              try {
                socket.getInputStream().read();
              } catch (IOException e) {
                // closed under it
              }
            });
    int port = listener.port();
    try (Socket held = new Socket("127.0.0.1", port)) {
      while (listener.openCount() == 0) {
        Thread.sleep(5);
      }
      listener.refuse();
      held.setSoTimeout(2000);
      assertThat(held.getInputStream().read()).isEqualTo(-1);
    }
    listener.close();
    assertThat(listener.liveThreads()).isZero();
    assertThat(listener.state()).isEqualTo(LoopbackListener.State.CLOSED);
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }
  }
}
