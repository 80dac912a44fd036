package dev.probefleet.probe.internal;

import dev.probefleet.model.AddressRange;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.probe.HostResolver;
import dev.probefleet.probe.ProbeTask;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One request of a probe, from name resolution to the last body byte, timed phase by phase. What
 * goes wrong becomes the failure class of the lowest phase that failed; the status decides only
 * when the response itself arrived whole.
 */
final class SampleProbe {
  private final Settings settings;
  private final TrustStores trust;

  SampleProbe(Settings settings, TrustStores trust) {
    this.settings = settings;
    this.trust = trust;
  }

  /**
   * The sample's result, and the connection when it may carry the next request of a burst.
   *
   * @param result what the sample saw
   * @param keep the connection to reuse, or null (then it is closed)
   */
  record Outcome(ProbeResult result, Connection keep) {}

  /**
   * Runs one sample over {@code reuse}, or over a new connection that takes over {@code permit}.
   */
  Outcome run(
      ProbeTask task,
      String requestId,
      Deadline deadline,
      Connection reuse,
      Permit permit,
      Permit handshake,
      boolean keepAlive) {
    ResultBuilder result =
        new ResultBuilder(task, requestId, settings.clock().instant(), System.nanoTime());
    Connection connection = reuse;
    try {
      if (connection == null) {
        Opened opened;
        try {
          opened = open(task, deadline, permit, result, true);
          if (opened.retryWithAllGroups()) {
            // A server that refused the NIST curves alone (an X25519-only configuration): the
            // same sample once more on a new connection, offering the JDK's every group.
            result =
                new ResultBuilder(task, requestId, settings.clock().instant(), System.nanoTime());
            opened = open(task, deadline, permit, result, false);
          }
        } finally {
          if (handshake != null) {
            handshake.release();
          }
        }
        if (opened.failure() != null) {
          permit.release();
          return new Outcome(opened.failure(), null);
        }
        connection = opened.connection();
      } else {
        result.reusing(connection);
      }
      return exchange(task, deadline, connection, result, keepAlive);
    } catch (RuntimeException | Error e) {
      if (connection != null) {
        connection.close();
      }
      if (permit != null) {
        permit.release();
      }
      if (handshake != null) {
        handshake.release();
      }
      throw e;
    }
  }

  private record Opened(Connection connection, ProbeResult failure, boolean retryWithAllGroups) {
    Opened(Connection connection, ProbeResult failure) {
      this(connection, failure, false);
    }
  }

  private Opened open(
      ProbeTask task,
      Deadline deadline,
      Permit permit,
      ResultBuilder result,
      boolean preferNistGroups) {
    PathSpec path = task.path();
    X509ExtendedTrustManager pkix = path.tls() ? trust.forBundle(path.ca()) : null;

    List<InetAddress> addresses;
    if (path.resolve().isPresent()) {
      addresses = List.of(path.resolve().get());
    } else if (IpLiterals.parse(path.urlHost()).isPresent()) {
      addresses = List.of(IpLiterals.parse(path.urlHost()).get());
    } else {
      long started = System.nanoTime();
      HostResolver.Resolution resolution =
          settings.resolver().resolve(path.urlHost(), deadline.remaining());
      result.dns = System.nanoTime() - started;
      if (resolution instanceof HostResolver.Failed failed) {
        return failed(result, FailureClass.DNS_FAILURE, failed.detail());
      }
      addresses = ((HostResolver.Resolved) resolution).addresses();
      result.resolvedAddresses = addresses.stream().map(InetAddress::getHostAddress).toList();
      List<String> outside = outside(addresses, path.expectAddresses());
      if (!outside.isEmpty()) {
        return failed(
            result,
            FailureClass.DNS_UNEXPECTED_ADDRESS,
            path.urlHost()
                + " resolved to "
                + String.join(", ", result.resolvedAddresses)
                + "; "
                + String.join(", ", outside)
                + (outside.size() == 1 ? " is" : " are")
                + " outside expectAddresses "
                + path.expectAddresses());
      }
      if (deadline.expired()) {
        return failed(
            result,
            FailureClass.DNS_FAILURE,
            "resolving "
                + path.urlHost()
                + " took "
                + result.dns / 1_000_000
                + " ms, the whole deadline of "
                + deadline.describe());
      }
    }

    InetAddress address = addresses.get(0);
    int port = path.port();
    String hostPort = IpLiterals.hostPort(address, port);
    Socket raw = new Socket();
    long connectStarted = System.nanoTime();
    try {
      raw.setTcpNoDelay(true);
      raw.connect(new InetSocketAddress(address, port), deadline.remainingMillisForTimeout());
    } catch (IOException e) {
      result.connect = System.nanoTime() - connectStarted;
      closeQuietly(raw);
      return connectFailure(result, e, hostPort, deadline);
    }
    result.connect = System.nanoTime() - connectStarted;
    result.remoteAddress = hostPort;

    Socket socket = raw;
    if (path.tls()) {
      long tlsStarted = System.nanoTime();
      TlsHandshake.Outcome handshake;
      try (Watchdog watchdog = Watchdog.arm(raw, deadline)) {
        handshake =
            TlsHandshake.perform(
                raw,
                path,
                pkix,
                settings.clock(),
                deadline,
                watchdog,
                preferNistGroups && settings.nistGroupsOnly());
      } catch (RuntimeException | Error e) {
        closeQuietly(raw);
        throw e;
      }
      result.tls = System.nanoTime() - tlsStarted;
      result.tlsSession = handshake.session();
      if (handshake.failure() != null) {
        closeQuietly(raw);
        if (handshake.groupsRefused() && !deadline.expired()) {
          return new Opened(null, null, true);
        }
        return failed(result, handshake.failure(), handshake.detail());
      }
      socket = handshake.socket();
    }
    try {
      return new Opened(
          new Connection(
              raw, socket, permit, hostPort, result.resolvedAddresses, result.tlsSession),
          null);
    } catch (IOException e) {
      closeQuietly(raw);
      return failed(
          result,
          Failures.isReset(e) ? FailureClass.CONNECTION_RESET : FailureClass.PREMATURE_CLOSE,
          "connection lost right after it opened: " + Failures.message(e));
    }
  }

  private static List<String> outside(List<InetAddress> addresses, List<AddressRange> expected) {
    if (expected.isEmpty()) {
      return List.of();
    }
    List<String> outside = new ArrayList<>();
    for (InetAddress address : addresses) {
      if (expected.stream().noneMatch(range -> range.contains(address))) {
        outside.add(address.getHostAddress());
      }
    }
    return outside;
  }

  private static Opened connectFailure(
      ResultBuilder result, IOException e, String hostPort, Deadline deadline) {
    String message = Failures.message(e);
    String lower = message.toLowerCase(Locale.ROOT);
    if (e instanceof SocketTimeoutException) {
      return failed(
          result,
          FailureClass.CONNECT_TIMEOUT,
          "no connection to " + hostPort + " within " + deadline.describe());
    }
    if (e instanceof ConnectException && lower.contains("refused")) {
      return failed(result, FailureClass.CONNECTION_REFUSED, "connection refused by " + hostPort);
    }
    if (e instanceof NoRouteToHostException || lower.contains("no route")) {
      return failed(
          result,
          FailureClass.NETWORK_UNREACHABLE,
          "no route to " + hostPort + " (" + message + ")");
    }
    if (lower.contains("unreachable")) {
      return failed(
          result,
          FailureClass.NETWORK_UNREACHABLE,
          "network unreachable for " + hostPort + " (" + message + ")");
    }
    if (deadline.expired()) {
      return failed(
          result,
          FailureClass.CONNECT_TIMEOUT,
          "no connection to " + hostPort + " within " + deadline.describe());
    }
    return failed(
        result, FailureClass.NETWORK_UNREACHABLE, "connect to " + hostPort + " failed: " + message);
  }

  private static Opened failed(ResultBuilder result, FailureClass failureClass, String detail) {
    return new Opened(null, result.build(failureClass, detail));
  }

  private Outcome exchange(
      ProbeTask task,
      Deadline deadline,
      Connection connection,
      ResultBuilder result,
      boolean keepAlive) {
    try (Watchdog watchdog = Watchdog.arm(connection.raw, deadline)) {
      byte[] request =
          RequestEncoder.encode(task, result.requestId(), settings.userAgent(), keepAlive);
      long writeStarted = System.nanoTime();
      try {
        connection.output.write(request);
        connection.output.flush();
      } catch (IOException e) {
        result.requestWrite = System.nanoTime() - writeStarted;
        connection.close();
        return new Outcome(writeFailure(result, e, watchdog, deadline), null);
      }
      long written = System.nanoTime();
      result.requestWrite = written - writeStarted;

      ResponseInput input = connection.input;
      input.startResponse(deadline);
      ResponseParser parser = new ResponseParser(input, settings.headerLimit());
      BodySink body = new BodySink(settings.captureLimit(), settings.drainLimit());
      ResponseParser.Head head = null;
      ResponseParser.Framing framing = null;
      long contentLength = -1;
      ResponseParser.Violation violation = null;
      IOException ioFailure = null;
      try {
        head = parser.readHead();
        framing = parser.framing(head, task.method());
        contentLength =
            framing == ResponseParser.Framing.CONTENT_LENGTH ? parser.contentLength(head) : -1;
        parser.readBody(framing, contentLength, body);
      } catch (ResponseParser.Violation v) {
        violation = v;
      } catch (IOException e) {
        ioFailure = e;
      }
      long ended = System.nanoTime();
      if (input.sawFirstByte()) {
        result.ttfb = input.firstByteNanos() - written;
        result.download = ended - input.firstByteNanos();
      } else {
        result.ttfb = ended - written;
      }
      if (head != null) {
        result.headerBytes = head.bytes();
      } else if (violation != null
          && violation.failureClass() == FailureClass.OVERSIZED_HEADER
          && !parser.headComplete()) {
        result.headerBytes = parser.headBytes();
      }
      if (head != null) {
        result.status = head.status();
        result.response =
            new CapturedResponse(
                head.version(),
                head.status(),
                head.reason(),
                head.headers(),
                body.captured(),
                body.total(),
                body.isComplete());
        result.correlation = Correlation.of(head.headers());
        if (head.status() >= 300 && head.status() < 400) {
          result.location = head.headers().first("Location").orElse(null);
        }
      }

      FailureClass failureClass;
      String detail;
      if (ioFailure != null) {
        boolean timedOut =
            ioFailure instanceof SocketTimeoutException || watchdog.fired() || deadline.expired();
        failureClass =
            timedOut
                ? input.sawFirstByte()
                    ? FailureClass.DOWNLOAD_TIMEOUT
                    : FailureClass.RESPONSE_TIMEOUT
                : Failures.isReset(ioFailure)
                    ? FailureClass.CONNECTION_RESET
                    : head == null ? FailureClass.PREMATURE_CLOSE : FailureClass.BODY_TRUNCATED;
        detail =
            ioDetail(
                failureClass,
                ioFailure,
                input,
                head,
                framing,
                contentLength,
                body,
                deadline,
                written,
                ended);
      } else if (violation != null) {
        failureClass = violation.failureClass();
        detail = violation.getMessage();
      } else {
        failureClass = statusClass(head, task.expect(), body);
        detail = statusDetail(failureClass, head, task.expect(), body, result.location);
      }
      if (result.connectionReused
          && !input.sawFirstByte()
          && (failureClass == FailureClass.PREMATURE_CLOSE
              || failureClass == FailureClass.CONNECTION_RESET)) {
        detail += " on a reused keep-alive connection";
      }

      boolean keep =
          keepAlive
              && failureClass.phase() != FailureClass.Phase.RESPONSE
              && head != null
              && head.status() != 101
              && body.isComplete()
              && framing != ResponseParser.Framing.CLOSE_DELIMITED
              && persistent(head)
              && !input.hasBuffered()
              && !watchdog.fired();
      if (!keep) {
        connection.close();
      }
      return new Outcome(result.build(failureClass, detail), keep ? connection : null);
    }
  }

  private static ProbeResult writeFailure(
      ResultBuilder result, IOException e, Watchdog watchdog, Deadline deadline) {
    String reused = result.connectionReused ? " on a reused keep-alive connection" : "";
    if (e instanceof SocketTimeoutException || watchdog.fired() || deadline.expired()) {
      return result.build(
          FailureClass.RESPONSE_TIMEOUT,
          "request not written within " + deadline.describe() + reused);
    }
    if (Failures.isReset(e)) {
      return result.build(
          FailureClass.CONNECTION_RESET, "connection reset while writing the request" + reused);
    }
    return result.build(
        FailureClass.PREMATURE_CLOSE,
        "connection closed while writing the request: " + Failures.message(e) + reused);
  }

  private static String ioDetail(
      FailureClass failureClass,
      IOException e,
      ResponseInput input,
      ResponseParser.Head head,
      ResponseParser.Framing framing,
      long contentLength,
      BodySink body,
      Deadline deadline,
      long written,
      long ended) {
    return switch (failureClass) {
      case RESPONSE_TIMEOUT ->
          "no first byte within "
              + deadline.describe()
              + " (waited "
              + (ended - written) / 1_000_000
              + " ms after the request was written)";
      case DOWNLOAD_TIMEOUT ->
          head == null
              ? "headers incomplete at the deadline of "
                  + deadline.describe()
                  + ": "
                  + input.consumed()
                  + " bytes received"
              : "body incomplete at the deadline of "
                  + deadline.describe()
                  + ": "
                  + bodyProgress(framing, contentLength, body);
      case CONNECTION_RESET ->
          !input.sawFirstByte()
              ? "connection reset before any response byte"
              : head == null
                  ? "connection reset after "
                      + input.consumed()
                      + " bytes, before the end of the header block"
                  : "connection reset in the body: " + bodyProgress(framing, contentLength, body);
      case PREMATURE_CLOSE ->
          "connection failed after "
              + input.consumed()
              + " bytes, before the end of the header block: "
              + Failures.message(e);
      default ->
          "body ended after "
              + bodyProgress(framing, contentLength, body)
              + ": "
              + Failures.message(e);
    };
  }

  private static String bodyProgress(
      ResponseParser.Framing framing, long contentLength, BodySink body) {
    if (framing == ResponseParser.Framing.CONTENT_LENGTH) {
      return body.total() + " of " + contentLength + " bytes (Content-Length)";
    }
    return body.total()
        + " bytes ("
        + (framing == ResponseParser.Framing.CHUNKED ? "chunked" : "until close")
        + ")";
  }

  private static FailureClass statusClass(
      ResponseParser.Head head, ExpectSpec expect, BodySink body) {
    int status = head.status();
    boolean listed = !expect.status().isEmpty() && expect.accepts(status);
    if (!listed && status >= 500 && status <= 599) {
      return FailureClass.HTTP_5XX;
    }
    if (!expect.accepts(status)) {
      return FailureClass.HTTP_UNEXPECTED_STATUS;
    }
    Optional<String> wanted = expect.bodyContains();
    if (wanted.isPresent()
        && !new String(body.captured(), java.nio.charset.StandardCharsets.UTF_8)
            .contains(wanted.get())) {
      return FailureClass.ASSERTION_FAILED;
    }
    return FailureClass.OK;
  }

  private static String statusDetail(
      FailureClass failureClass,
      ResponseParser.Head head,
      ExpectSpec expect,
      BodySink body,
      String location) {
    String status =
        "status " + head.status() + (head.reason().isEmpty() ? "" : " " + head.reason());
    return switch (failureClass) {
      case HTTP_5XX -> status;
      case HTTP_UNEXPECTED_STATUS ->
          status
              + ", expected "
              + (expect.status().isEmpty()
                  ? "2xx or 3xx"
                  : String.join(", ", expect.status().stream().map(String::valueOf).toList()));
      case ASSERTION_FAILED ->
          "body does not contain '"
              + expect.bodyContains().orElse("")
              + "' (searched "
              + (body.captured().length < body.total()
                  ? "the first " + body.captured().length + " of " + body.total() + " bytes"
                  : body.total() + " bytes")
              + ")";
      default -> {
        if (body.stoppedAtLimit()) {
          yield "stopped reading the body after " + body.total() + " bytes (drain limit)";
        }
        yield location != null ? "redirect to " + location + " (not followed)" : "";
      }
    };
  }

  /** Whether the server lets the connection carry another request. */
  private static boolean persistent(ResponseParser.Head head) {
    List<String> tokens =
        head.headers().all("Connection").stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(t -> t.trim().toLowerCase(Locale.ROOT))
            .toList();
    if (tokens.contains("close")) {
      return false;
    }
    return head.version().equals("HTTP/1.1") || tokens.contains("keep-alive");
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
