package dev.probefleet.lab.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@link Reply} into the bytes the server writes, faults in the head included. */
final class ReplyRenderer {
  private static final int CHUNK = 1024;

  /**
   * The bytes of one reply.
   *
   * @param interim the interim responses, each complete
   * @param head status line and header block, with its blank line
   * @param body the framed body (chunks and last chunk included)
   * @param truncatedBody the first half of the body, framed as far as it goes
   */
  record Rendered(List<byte[]> interim, byte[] head, byte[] body, byte[] truncatedBody) {}

  private ReplyRenderer() {}

  static Rendered render(Reply reply, RecordedRequest request, boolean closing) {
    byte[] content = reply.body().getBytes(StandardCharsets.UTF_8);
    boolean bodyless =
        request.method().equals("HEAD") || reply.status() == 204 || reply.status() == 304;
    boolean userFraming =
        reply.headers().stream()
            .anyMatch(
                h ->
                    h.name().equalsIgnoreCase("Content-Length")
                        || h.name().equalsIgnoreCase("Transfer-Encoding"));

    List<String> lines = new ArrayList<>();
    lines.add(
        reply.fault() == Fault.INVALID_STATUS_LINE
            ? "HTTP/1.1 abc"
            : reply.version() + " " + reply.status() + " " + reply.reason());
    List<String> fields = new ArrayList<>();
    for (Reply.Header h : reply.headers()) {
      fields.add(h.name() + ": " + h.value());
    }
    if (!userFraming && reply.status() != 204 && reply.status() != 304) {
      switch (reply.framing()) {
        case CONTENT_LENGTH -> fields.add("Content-Length: " + content.length);
        case CHUNKED -> fields.add("Transfer-Encoding: chunked");
        case CLOSE_DELIMITED -> {
          // the close marks the end
        }
      }
    }
    if (closing && !reply.silentClose()) {
      fields.add("Connection: close");
    }
    if (reply.fault() == Fault.INVALID_HEADER_LINE) {
      if (fields.isEmpty()) {
        fields.add("Content-Type: text/plain");
      }
      fields.add(1, "garbage");
    }
    lines.addAll(fields);
    if (reply.fault() == Fault.OVERSIZED_HEADERS) {
      int size = lines.stream().mapToInt(l -> l.length() + 2).sum();
      String filler = "x".repeat(1000);
      for (int i = 0; size <= reply.oversizedHeaderBytes(); i++) {
        String line = "X-Filler-" + i + ": " + filler;
        lines.add(line);
        size += line.length() + 2;
      }
    }
    StringBuilder head = new StringBuilder();
    for (String line : lines) {
      head.append(line).append("\r\n");
    }
    head.append("\r\n");

    List<byte[]> interim = new ArrayList<>();
    for (int code : reply.interim()) {
      String extra = code == 103 ? "Link: </lab.css>; rel=preload\r\n" : "";
      interim.add(
          ("HTTP/1.1 " + code + " " + Reply.reasonOf(code) + "\r\n" + extra + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
    }

    byte[] body;
    byte[] truncated;
    if (bodyless) {
      body = new byte[0];
      truncated = new byte[0];
    } else if (!userFraming && reply.framing() == Reply.Framing.CHUNKED) {
      body = chunked(content, content.length, true);
      truncated = chunked(content, content.length / 2, false);
    } else {
      body = content;
      truncated = java.util.Arrays.copyOf(content, content.length / 2);
    }
    return new Rendered(
        interim, head.toString().getBytes(StandardCharsets.ISO_8859_1), body, truncated);
  }

  private static byte[] chunked(byte[] content, int length, boolean complete) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
    for (int offset = 0; offset < length; offset += CHUNK) {
      int size = Math.min(CHUNK, length - offset);
      out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(content, offset, size);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    if (complete) {
      out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }
}
