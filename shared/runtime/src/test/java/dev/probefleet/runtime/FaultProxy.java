package dev.probefleet.runtime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy on a loopback port in front of the AWS emulator that fails chosen calls the way AWS
 * and networks do — on the wire, so the SDK clients, their timeouts and the project's retrier see
 * exactly what they would see from AWS. It reads each request (the service from the signature's
 * credential scope, the operation from {@code X-Amz-Target} or the query {@code Action}), then
 * forwards it or plays a {@link Fault}. One request per connection ({@code Connection: close}), so
 * a fault never leaks into the next call.
 */
final class FaultProxy implements AutoCloseable {

  /** How a call fails. */
  enum Fault {
    /** Nothing listens on the port: connections are refused, as when the emulator is stopped. */
    REFUSE,
    /** The request is read, then the connection is reset: it never reaches the service. */
    DROP,
    /** Answered 400 {@code ProvisionedThroughputExceededException} (DynamoDB). */
    THROTTLE_PROVISIONED_THROUGHPUT,
    /** Answered 400 {@code ThrottlingException} (DynamoDB) or {@code Throttling} (SNS). */
    THROTTLE,
    /**
     * Held past the client's timeout, then forwarded: the client gave up, the service applies the
     * call later.
     */
    DELAY,
    /** Answered 403 {@code AuthorizationError}: SNS refusing to publish (a topic policy broken). */
    REFUSE_AUTHORIZATION
  }

  /** What a call is: the service of its signature and its operation. */
  record Call(String service, String operation) {
    static final Predicate<Call> DYNAMODB = c -> c.service().equals("dynamodb");
    static final Predicate<Call> PUBLISH =
        c -> c.service().equals("sns") && c.operation().equals("Publish");
    static final Predicate<Call> ANY = c -> true;

    static Predicate<Call> operation(String name) {
      return c -> c.operation().equals(name);
    }
  }

  private record Rule(Fault fault, Predicate<Call> which, int every, AtomicInteger seen) {}

  private static final Pattern SERVICE =
      Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");

  private final InetSocketAddress upstream;
  private final int port;
  private final Duration delay;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Runnable> afterForwarded = new CopyOnWriteArrayList<>();
  private final List<Predicate<Call>> afterWhich = new CopyOnWriteArrayList<>();
  private final Map<Fault, AtomicInteger> played = new EnumMap<>(Fault.class);
  private final AtomicInteger forwarded = new AtomicInteger();
  private final Thread acceptor;
  private volatile ServerSocket server;
  private volatile boolean closed;

  private FaultProxy(InetSocketAddress upstream, Duration delay) {
    this.upstream = upstream;
    this.delay = delay;
    for (Fault f : Fault.values()) {
      played.put(f, new AtomicInteger());
    }
    this.server = bind(0);
    this.port = server.getLocalPort();
    this.acceptor = Thread.ofPlatform().daemon().name("fault-proxy-" + port).start(this::accept);
  }

  /**
   * A proxy forwarding to {@code target}; {@link Fault#DELAY} holds a call for {@code delay}
   * (longer than the clients wait).
   */
  static FaultProxy start(URI target, Duration delay) {
    return new FaultProxy(new InetSocketAddress(target.getHost(), target.getPort()), delay);
  }

  /** Where the clients connect instead of the emulator. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Plays {@code fault} on every {@code every}-th call matching {@code which} (1: every one) until
   * {@link #clear}. {@link Fault#REFUSE} is not a per-call fault: see {@link #stop}.
   */
  synchronized FaultProxy inject(Fault fault, Predicate<Call> which, int every) {
    if (fault == Fault.REFUSE || every < 1) {
      throw new IllegalArgumentException("per-call faults only, every >= 1: " + fault);
    }
    rules.add(new Rule(fault, which, every, new AtomicInteger()));
    return this;
  }

  /** Ends every per-call fault. */
  void clear() {
    rules.clear();
  }

  /** Stops listening, as a stopped emulator does: new connections are refused. */
  synchronized void stop() {
    closeQuietly(server);
    played.get(Fault.REFUSE).incrementAndGet();
  }

  /** Listens again on the same port, as the restarted emulator does. */
  synchronized void restart() {
    if (server.isClosed()) {
      server = bind(port);
    }
  }

  /**
   * Runs {@code action} once, on its own thread, as soon as a call matching {@code which} got its
   * answer.
   */
  void afterNext(Predicate<Call> which, Runnable action) {
    afterWhich.add(which);
    afterForwarded.add(action);
  }

  /** How many calls each fault hit ({@link Fault#REFUSE}: how many times the port was closed). */
  Map<Fault, Integer> played() {
    Map<Fault, Integer> out = new EnumMap<>(Fault.class);
    played.forEach((f, n) -> out.put(f, n.get()));
    return out;
  }

  /** Calls that reached the emulator. */
  int forwarded() {
    return forwarded.get();
  }

  private static ServerSocket bind(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  private void accept() {
    while (!closed) {
      ServerSocket current = server;
      if (current.isClosed()) {
        pause(20);
        continue;
      }
      try {
        Socket client = current.accept();
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException e) {
        // closed to refuse, or closing
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String headText = new String(head, StandardCharsets.ISO_8859_1);
      int length = contentLength(headText);
      byte[] body = in.readNBytes(length);
      Call call = call(headText, body);
      boolean json =
          headText.toLowerCase(Locale.ROOT).contains("content-type: application/x-amz-json");
      Fault fault = faultFor(call);
      if (fault == null) {
        forward(client, headText, body, call);
        return;
      }
      played.get(fault).incrementAndGet();
      switch (fault) {
        case DROP -> reset(client);
        case DELAY -> {
          pause(delay.toMillis());
          forward(client, headText, body, call);
        }
        case THROTTLE_PROVISIONED_THROUGHPUT ->
            answer(
                client,
                400,
                json,
                "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "Throttling",
                "The level of configured provisioned throughput for the table was exceeded");
        case THROTTLE ->
            answer(
                client,
                400,
                json,
                "com.amazon.coral.availability#ThrottlingException",
                "Throttling",
                "Rate exceeded");
        case REFUSE_AUTHORIZATION ->
            answer(
                client,
                403,
                json,
                "AuthorizationError",
                "AuthorizationError",
                "User is not authorized to perform: SNS:Publish on resource");
        case REFUSE -> throw new IllegalStateException("REFUSE is not per call");
      }
    } catch (IOException e) {
      // the client went away (its timeout): nothing to answer
    }
  }

  private Fault faultFor(Call call) {
    for (Rule rule : rules) {
      if (rule.which().test(call) && rule.seen().incrementAndGet() % rule.every() == 0) {
        return rule.fault();
      }
    }
    return null;
  }

  private void forward(Socket client, String head, byte[] body, Call call) throws IOException {
    StringBuilder rewritten = new StringBuilder();
    for (String line : head.split("\r\n")) {
      if (line.isEmpty() || line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        continue;
      }
      rewritten.append(line).append("\r\n");
    }
    rewritten.append("Connection: close\r\n\r\n");
    try (Socket server = new Socket()) {
      server.connect(upstream, 2000);
      OutputStream up = server.getOutputStream();
      up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
      up.write(body);
      up.flush();
      forwarded.incrementAndGet();
      byte[] answer = server.getInputStream().readAllBytes();
      try {
        client.getOutputStream().write(answer);
        client.getOutputStream().flush();
      } catch (IOException e) {
        // the client gave up (a delayed call): the service applied it all the same
      }
    }
    for (int i = 0; i < afterWhich.size(); i++) {
      Predicate<Call> which = afterWhich.get(i);
      if (which.test(call)) {
        Runnable action = afterForwarded.remove(i);
        afterWhich.remove(i);
        Thread.ofVirtual().start(action);
        break;
      }
    }
  }

  private static void answer(
      Socket client, int status, boolean json, String jsonType, String queryCode, String message)
      throws IOException {
    String body;
    String type;
    if (json) {
      body = "{\"__type\":\"" + jsonType + "\",\"message\":\"" + message + "\"}";
      type = "application/x-amz-json-1.0";
    } else {
      body =
          "<ErrorResponse><Error><Type>Sender</Type><Code>"
              + queryCode
              + "</Code><Message>"
              + message
              + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>";
      type = "text/xml";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + (status == 400 ? " Bad Request" : " Forbidden")
            + "\r\nContent-Type: "
            + type
            + "\r\nx-amzn-RequestId: fault-proxy\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n";
    OutputStream out = client.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  /** The request line and headers up to the blank line, or null when the client sent nothing. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return head.toByteArray();
      }
      if (head.size() > 64 * 1024) {
        throw new IOException("request head over 64 KiB");
      }
    }
    return head.size() == 0 ? null : head.toByteArray();
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        throw new IllegalStateException("chunked requests are not supported by the fault proxy");
      }
      if (lower.startsWith("content-length:")) {
        return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return 0;
  }

  private static Call call(String head, byte[] body) {
    String service = "?";
    String operation = "?";
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("authorization:")) {
        Matcher m = SERVICE.matcher(line);
        if (m.find()) {
          service = m.group(1);
        }
      } else if (lower.startsWith("x-amz-target:")) {
        String target = line.substring(line.indexOf(':') + 1).trim();
        operation = target.substring(target.lastIndexOf('.') + 1);
      }
    }
    if (operation.equals("?")) {
      Matcher m = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
      if (m.find()) {
        operation = m.group(1);
      }
    }
    return new Call(service, operation);
  }

  /** Closes with an RST rather than a FIN, as a dropped connection looks to the client. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing to do
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    acceptor.interrupt();
  }

  /** For the log: what was played. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    played().forEach((f, n) -> parts.add(f + "=" + n));
    return "FaultProxy" + parts;
  }
}
