package dev.probefleet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The query API on the Netty server, on a free loopback port, and a client of it. */
final class HttpApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApplicationContext context;
  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpApi(ApplicationContext context) {
    this.context = context;
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    this.base = URI.create("http://127.0.0.1:" + server.getPort());
  }

  /** The server with these properties over {@code probefleet.store.kind=memory}. */
  static HttpApi start(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>();
    all.put("micronaut.server.port", -1);
    all.put("probefleet.store.kind", "memory");
    all.putAll(properties);
    return new HttpApi(ApiServer.start(all));
  }

  ApplicationContext context() {
    return context;
  }

  URI base() {
    return base;
  }

  /** One answer: its status, content type and body (parsed when it is JSON). */
  record Answer(int status, String contentType, String text) {
    JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + text, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + text;
    }
  }

  /** {@code GET} of a path with its query, as given (already encoded). */
  Answer get(String pathAndQuery) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    context.close();
  }
}
