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
 * would measure the disk, not the fleet.
 */
final class InMemoryDynamoDb implements AutoCloseable {
  private final Server server;
  private final URI endpoint;

  private InMemoryDynamoDb(Server server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
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
    return new InMemoryDynamoDb(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
