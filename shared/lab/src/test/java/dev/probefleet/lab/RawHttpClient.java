package dev.probefleet.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A tiny strict HTTP/1.1 client over a raw socket, standing in for the probe client (which the
 * lab's tests cannot use: the probe module's tests depend on this one, and Maven refuses the
 * cycle). One {@code GET} with {@code Connection: close}; it reads to the end of the response and
 * says what a prober would have seen, with the elapsed time.
 */
final class RawHttpClient {

  /** What the client saw. */
  enum Outcome {
    /** A complete, well-formed response. */
    RESPONSE,
    REFUSED,
    CONNECT_TIMEOUT,
    TLS_FAILED,
    /** Closed without a byte. */
    EMPTY_REPLY,
    /** Closed inside the response head. */
    CLOSED_IN_HEAD,
    RESET,
    /** No complete head within the client's timeout. */
    NO_RESPONSE_IN_TIME,
    /** A head larger than the client's 64 KiB limit. */
    OVERSIZED_HEAD,
    /** A malformed status line or header line. */
    INVALID,
    /** A complete head, then the body ended short (close or reset). */
    BODY_CUT,
    /** A complete head, then the body stopped arriving within the client's timeout. */
    BODY_TIMEOUT
  }

  /** One header field as received. */
  record Field(String name, String value) {}

  /**
   * The answer.
   *
   * @param outcome what happened
   * @param statusLine the status line, if a head was read
   * @param fields the header fields, in order
   * @param body the body (de-chunked), as far as it came
   * @param elapsed from connect to the end
   * @param detail an exception message, for failures
   */
  record Answer(
      Outcome outcome,
      String statusLine,
      List<Field> fields,
      String body,
      Duration elapsed,
      String detail) {

    int status() {
      return statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
    }

    Optional<String> header(String name) {
      return fields.stream()
          .filter(f -> f.name().equalsIgnoreCase(name))
          .map(Field::value)
          .findFirst();
    }

    List<String> fieldNames() {
      return fields.stream().map(Field::name).toList();
    }

    boolean ok() {
      return outcome == Outcome.RESPONSE && status() == 200 && body.equals("ok\n");
    }

    @Override
    public String toString() {
      return outcome
          + (statusLine == null ? "" : " [" + statusLine + "]")
          + " after "
          + elapsed.toMillis()
          + " ms"
          + (detail == null ? "" : " (" + detail + ")");
    }
  }

  private static final int HEAD_LIMIT = 64 * 1024;

  private final Duration timeout;
  private final SSLContext tls;

  private RawHttpClient(Duration timeout, SSLContext tls) {
    this.timeout = timeout;
    this.tls = tls;
  }

  /** A client that waits at most {@code timeout} for the whole exchange. */
  static RawHttpClient withTimeout(Duration timeout) {
    return new RawHttpClient(timeout, null);
  }

  /** The same, trusting the lab's CA for HTTPS paths. */
  RawHttpClient trusting(String caPem) {
    try {
      X509Certificate ca =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new java.io.ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", ca);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return new RawHttpClient(timeout, context);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code GET /health} on a lab path. */
  Answer get(LabPath path) {
    return get(path.connectTo(), path.host(), path.tls(), Lab.HEALTH_PATH, "HTTP/1.1");
  }

  /** {@code GET /health} over plain HTTP to an address, with this Host. */
  Answer get(InetSocketAddress address, String host) {
    return get(address, host, false, Lab.HEALTH_PATH, "HTTP/1.1");
  }

  Answer get(InetSocketAddress address, String host, boolean https, String target, String version) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Socket raw = new Socket();
    try (raw) {
      try {
        raw.connect(address, (int) Math.min(timeout.toMillis(), 3000));
      } catch (ConnectException e) {
        return answer(Outcome.REFUSED, null, List.of(), "", start, e.getMessage());
      } catch (SocketTimeoutException e) {
        return answer(Outcome.CONNECT_TIMEOUT, null, List.of(), "", start, e.getMessage());
      }
      Socket socket = raw;
      if (https) {
        try {
          SSLSocket ssl =
              (SSLSocket) tls.getSocketFactory().createSocket(raw, host, address.getPort(), true);
          SSLParameters parameters = ssl.getSSLParameters();
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
          parameters.setServerNames(List.of(new SNIHostName(host)));
          ssl.setSSLParameters(parameters);
          ssl.setSoTimeout(remaining(deadline));
          ssl.startHandshake();
          socket = ssl;
        } catch (SSLException e) {
          return answer(Outcome.TLS_FAILED, null, List.of(), "", start, e.getMessage());
        }
      }
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + target
                      + " "
                      + version
                      + "\r\nHost: "
                      + host
                      + "\r\nUser-Agent: lab-test\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return read(socket, deadline, start);
    } catch (IOException e) {
      return answer(Outcome.RESET, null, List.of(), "", start, e.toString());
    }
  }

  private Answer read(Socket socket, long deadline, long start) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    Outcome ended = null;
    String detail = null;
    while (true) {
      int wait = remaining(deadline);
      if (wait <= 0) {
        ended = Outcome.NO_RESPONSE_IN_TIME;
        break;
      }
      socket.setSoTimeout(wait);
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        ended = Outcome.NO_RESPONSE_IN_TIME;
        break;
      } catch (SocketException | SSLException e) {
        ended = Outcome.RESET;
        detail = e.getMessage();
        break;
      }
      if (n < 0) {
        break;
      }
      bytes.write(buffer, 0, n);
    }
    byte[] all = bytes.toByteArray();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      if (all.length > HEAD_LIMIT) {
        return answer(Outcome.OVERSIZED_HEAD, null, List.of(), "", start, null);
      }
      if (ended != null) {
        return answer(ended, null, List.of(), "", start, detail);
      }
      return answer(
          all.length == 0 ? Outcome.EMPTY_REPLY : Outcome.CLOSED_IN_HEAD,
          null,
          List.of(),
          "",
          start,
          null);
    }
    if (headEnd > HEAD_LIMIT) {
      return answer(Outcome.OVERSIZED_HEAD, null, List.of(), "", start, null);
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    String statusLine = lines[0];
    if (!statusLine.matches("HTTP/1\\.[01] [1-9][0-9][0-9]( .*)?")) {
      return answer(Outcome.INVALID, statusLine, List.of(), "", start, "status line");
    }
    List<Field> fields = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0 || lines[i].substring(0, colon).contains(" ")) {
        return answer(Outcome.INVALID, statusLine, fields, "", start, "header: " + lines[i]);
      }
      fields.add(new Field(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
    }
    byte[] rawBody = java.util.Arrays.copyOfRange(all, headEnd + 4, all.length);
    Answer head = answer(Outcome.RESPONSE, statusLine, fields, "", start, null);
    Optional<String> length = head.header("Content-Length");
    boolean chunked =
        head.header("Transfer-Encoding")
            .map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
            .orElse(false);
    String body;
    boolean complete;
    if (chunked) {
      ByteArrayOutputStream decoded = new ByteArrayOutputStream();
      complete = dechunk(rawBody, decoded);
      body = decoded.toString(StandardCharsets.UTF_8);
    } else if (length.isPresent()) {
      int expected = Integer.parseInt(length.get());
      complete = rawBody.length >= expected;
      body = new String(rawBody, 0, Math.min(expected, rawBody.length), StandardCharsets.UTF_8);
    } else {
      complete = ended == null;
      body = new String(rawBody, StandardCharsets.UTF_8);
    }
    if (complete) {
      return answer(Outcome.RESPONSE, statusLine, fields, body, start, null);
    }
    Outcome cut = ended == Outcome.NO_RESPONSE_IN_TIME ? Outcome.BODY_TIMEOUT : Outcome.BODY_CUT;
    return answer(cut, statusLine, fields, body, start, detail);
  }

  /** Decodes a chunked body; true when the last chunk arrived. */
  private static boolean dechunk(byte[] raw, ByteArrayOutputStream out) {
    int at = 0;
    while (true) {
      int lineEnd = indexOf(raw, at);
      if (lineEnd < 0) {
        return false;
      }
      String sizeText =
          new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0];
      int size = Integer.parseInt(sizeText.trim(), 16);
      at = lineEnd + 2;
      if (size == 0) {
        return true;
      }
      if (at + size > raw.length) {
        out.write(raw, at, raw.length - at);
        return false;
      }
      out.write(raw, at, size);
      at += size + 2;
    }
  }

  private static int indexOf(byte[] raw, int from) {
    for (int i = from; i + 1 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int remaining(long deadline) {
    return (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
  }

  private static Answer answer(
      Outcome outcome,
      String statusLine,
      List<Field> fields,
      String body,
      long start,
      String detail) {
    return new Answer(
        outcome, statusLine, fields, body, Duration.ofNanos(System.nanoTime() - start), detail);
  }
}
