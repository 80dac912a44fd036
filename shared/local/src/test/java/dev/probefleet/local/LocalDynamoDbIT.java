package dev.probefleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.Tables;
import dev.probefleet.store.contract.Samples;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDynamoDbIT {
  @TempDir Path data;

  private static DynamoTargetRegistry registry(LocalBackend local) {
    return new DynamoTargetRegistry(
        local.client, local.names.table(Tables.TARGETS), Retrier.standard(), Clock.systemUTC());
  }

  @Test
  void aSecondProcessAttachesAndReadsWhatTheFirstWroteWhileItRuns() throws Exception {
    try (LocalBackend first = new LocalBackend(data)) {
      assertThat(first.store.owner()).isTrue();
      registry(first).apply(List.of(Samples.target("shop"), Samples.target("cart")), false);

      List<String> out = runReader(data);
      assertThat(out.get(0)).isEqualTo("attached " + first.store.endpoint());
      assertThat(out.subList(1, out.size())).containsExactly("target cart", "target shop");
      assertThat(first.store.owner()).isTrue(); // still serving
    }
  }

  @Test
  void theDataOutlivesTheProcessAndTheNextOneTakesOver() throws Exception {
    try (LocalBackend first = new LocalBackend(data)) {
      registry(first).apply(List.of(Samples.target("shop")), false);
    }
    assertThat(Files.exists(data.resolve("shared-local-instance.db"))).isTrue();
    List<String> out = runReader(data);
    assertThat(out).containsExactly("owner", "target shop");
  }

  @Test
  void itListensOnLoopbackOnly() throws Exception {
    try (LocalBackend local = new LocalBackend(data)) {
      int port = local.store.endpoint().getPort();
      assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
      for (InetAddress other : nonLoopbackAddresses()) {
        assertThat(connects(other, port)).as("reachable on %s:%d", other, port).isFalse();
      }
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> addresses = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        nic.inetAddresses().filter(a -> a.getAddress().length == 4).forEach(addresses::add);
      }
    }
    return addresses;
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> runReader(Path dir) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ReaderProcess.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("reader process finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("reader exit status; output: %s", out).isZero();
    return out.lines()
        .filter(l -> l.startsWith("owner") || l.startsWith("attached") || l.startsWith("target"))
        .toList();
  }
}
