package dev.probefleet.bench;

import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local with its SQLite database in memory, serving 127.0.0.1 only: the benchmarks' table.
 * The file-backed store of the local mode ({@code LocalDynamoDb}) writes every item to disk, which
 * would measure the disk, not the fleet. It runs in a process of its own ({@link #spawn}), so that
 * the benchmark's own CPU time is the fleet code's alone, as it would be beside a remote table.
 */
final class InMemoryDynamoDb implements AutoCloseable {
  private final Server server;
  private final Process process;
  private final URI endpoint;

  private InMemoryDynamoDb(Server server, Process process, URI endpoint) {
    this.server = server;
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Serves in this process until standard input closes; prints its endpoint first. */
  public static void main(String[] args) throws Exception {
    InMemoryDynamoDb db = start();
    System.out.println("endpoint " + db.endpoint());
    System.out.flush();
    while (System.in.read() >= 0) {
      // the parent holds our stdin open: its end is ours
    }
    System.exit(0);
  }

  /** Starts a child JVM serving DynamoDB Local; it ends with this process or on close. */
  static InMemoryDynamoDb spawn() throws Exception {
    String javaCommand = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                javaCommand,
                "-Xmx1g",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                InMemoryDynamoDb.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    java.io.BufferedReader out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("endpoint ")) {
        return new InMemoryDynamoDb(null, process, URI.create(line.substring(9).trim()));
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("DynamoDB Local did not start");
  }

  static InMemoryDynamoDb start() throws Exception {
    LocalDynamoDBRequestHandler requests =
        new LocalDynamoDBRequestHandler(0, true, null, true, false);
    LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, null);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
    server.start();
    return new InMemoryDynamoDb(
        server, null, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (process != null) {
      process.getOutputStream().close();
      process.destroy();
    }
  }
}
