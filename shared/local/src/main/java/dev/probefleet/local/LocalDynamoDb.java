package dev.probefleet.local;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local for one data directory: owned (started here) or attached (served by another
 * process).
 *
 * <p>Ownership is an exclusive lock on {@code dynamodb.lock}, held for the owner's life, so a
 * crashed owner leaves no stale claim: the OS releases the lock and the next process takes over.
 * The owner binds DynamoDB Local's Jetty server to 127.0.0.1 only (its own launcher binds every
 * interface) on a port the OS picks, and writes that endpoint to {@code dynamodb.endpoint}.
 * Telemetry is never configured, so nothing leaves the machine.
 */
public final class LocalDynamoDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalDynamoDb.class);
  private static final String LOCK = "dynamodb.lock";
  private static final String ENDPOINT = "dynamodb.endpoint";
  private static final Duration ATTACH_WAIT = Duration.ofSeconds(15);

  private final Path dataDir;
  private final URI endpoint;
  private final Server server; // null when attached
  private final LocalDynamoDBRequestHandler requests; // null when attached
  private final FileChannel lockChannel; // null when attached
  private final FileLock lock; // null when attached

  private LocalDynamoDb(
      Path dataDir,
      URI endpoint,
      Server server,
      LocalDynamoDBRequestHandler requests,
      FileChannel lockChannel,
      FileLock lock) {
    this.dataDir = dataDir;
    this.endpoint = endpoint;
    this.server = server;
    this.requests = requests;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens the store in {@code dataDir}: starts DynamoDB Local when no other process serves it,
   * otherwise attaches to the process that does.
   */
  public static LocalDynamoDb open(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LocalStoreException(
          "cannot create the data directory " + dir + ": " + e.getMessage(), e);
    }
    FileChannel channel;
    try {
      channel =
          FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new LocalStoreException("cannot open " + dir.resolve(LOCK) + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this JVM already owns it: attach like any other client
    } catch (IOException e) {
      close(channel);
      throw new LocalStoreException("cannot lock " + dir.resolve(LOCK) + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      close(channel);
      return attach(dir);
    }
    try {
      return start(dir, channel, lock);
    } catch (RuntimeException e) {
      release(lock, channel);
      throw e;
    }
  }

  private static LocalDynamoDb start(Path dir, FileChannel channel, FileLock lock) {
    LocalDynamoDBRequestHandler requests;
    Server server;
    try {
      requests = new LocalDynamoDBRequestHandler(0, false, dir.toString(), true, false);
      LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, null);
      server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      // DynamoDBProxyServer only lends its handler wiring; its own (all-interfaces) server is never
      // started.
      server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
      server.start();
      URI endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
      Path tmp = dir.resolve(ENDPOINT + ".tmp");
      Files.writeString(
          tmp, endpoint + "\n" + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
      Files.move(
          tmp,
          dir.resolve(ENDPOINT),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      LOG.info("DynamoDB Local serving {} at {}", dir, endpoint);
      return new LocalDynamoDb(dir, endpoint, server, requests, channel, lock);
    } catch (Exception e) {
      throw new LocalStoreException(
          "cannot start DynamoDB Local in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static LocalDynamoDb attach(Path dir) {
    Path file = dir.resolve(ENDPOINT);
    long deadline = System.nanoTime() + ATTACH_WAIT.toNanos();
    String problem = "no " + file + " yet";
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(file)) {
          List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
          if (!lines.isEmpty() && lines.get(0).startsWith("http://127.0.0.1:")) {
            URI endpoint = URI.create(lines.get(0).trim());
            try (DynamoDbClient probe = client(endpoint)) {
              probe.listTables(b -> b.limit(1));
              LOG.info(
                  "attached to DynamoDB Local of {} at {} (pid {})",
                  dir,
                  endpoint,
                  lines.size() > 1 ? lines.get(1) : "?");
              return new LocalDynamoDb(dir, endpoint, null, null, null, null);
            } catch (RuntimeException e) {
              problem = endpoint + " does not answer: " + e.getMessage();
            }
          } else {
            problem = file + " is malformed";
          }
        }
        Thread.sleep(100);
      } catch (IOException e) {
        problem = "cannot read " + file + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new LocalStoreException(
        "the data directory "
            + dir
            + " is locked by another probefleet process, but its DynamoDB Local cannot be reached ("
            + problem
            + "); stop that process or use another --data directory");
  }

  /** A client for this store (caller closes it). */
  public DynamoDbClient client() {
    return client(endpoint);
  }

  private static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        // -sharedDb: one database whatever the credentials and region.
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** True when this process serves the store; false when attached to another process. */
  public boolean owner() {
    return server != null;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping DynamoDB Local: {}", e.toString());
    }
    requests.shutdown();
    try {
      Files.deleteIfExists(dataDir.resolve(ENDPOINT));
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dataDir.resolve(ENDPOINT), e.toString());
    }
    release(lock, lockChannel);
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel close below releases it too
    }
    close(channel);
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing lock channel: {}", e.toString());
    }
  }
}
