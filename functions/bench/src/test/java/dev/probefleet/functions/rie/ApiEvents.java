package dev.probefleet.functions.rie;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** API Gateway HTTP API events (payload format 2.0) as the query API receives them. */
public final class ApiEvents {
  private ApiEvents() {}

  /**
   * {@code GET /v1/status}, IAM-signed, as AWS documents the event ({@code
   * events/api-gateway-v2-get-status.json}).
   */
  public static String getStatus() {
    return resource("events/api-gateway-v2-get-status.json");
  }

  private static String resource(String name) {
    try (InputStream in = ApiEvents.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
