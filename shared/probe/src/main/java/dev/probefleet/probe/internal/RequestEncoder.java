package dev.probefleet.probe.internal;

import dev.probefleet.probe.ProbeTask;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The bytes of a probe's request: request line, {@code Host}, {@code User-Agent}, {@code
 * X-Request-ID}, {@code Accept}, {@code Connection}, then the task's headers in order. A task's own
 * {@code User-Agent} or {@code Accept} replaces the client's. Methods that usually carry a body
 * send {@code Content-Length: 0}, since some servers refuse them without one.
 */
final class RequestEncoder {
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  private RequestEncoder() {}

  static byte[] encode(ProbeTask task, String requestId, String userAgent, boolean keepAlive) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    line(out, task.method() + " " + task.path().requestTarget() + " HTTP/1.1");
    field(out, "Host", task.path().effectiveHost());
    if (!has(task, "User-Agent")) {
      field(out, "User-Agent", userAgent);
    }
    field(out, "X-Request-ID", requestId);
    if (!has(task, "Accept")) {
      field(out, "Accept", "*/*");
    }
    field(out, "Connection", keepAlive ? "keep-alive" : "close");
    if (BODY_METHODS.contains(task.method())) {
      field(out, "Content-Length", "0");
    }
    for (ProbeTask.Header header : task.headers()) {
      field(out, header.name(), header.value());
    }
    out.writeBytes(new byte[] {'\r', '\n'});
    return out.toByteArray();
  }

  private static boolean has(ProbeTask task, String name) {
    return task.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase(name));
  }

  private static void field(ByteArrayOutputStream out, String name, String value) {
    out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {':', ' '});
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(new byte[] {'\r', '\n'});
  }

  private static void line(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(new byte[] {'\r', '\n'});
  }
}
