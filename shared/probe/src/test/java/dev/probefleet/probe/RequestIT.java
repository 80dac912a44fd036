package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.inSeconds;
import static dev.probefleet.probe.Tasks.path;
import static dev.probefleet.probe.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.RecordedRequest;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.model.ProbeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every probe sends, and what it keeps of the response's correlation headers. */
class RequestIT {
  private final ProbeClient client = ProbeClient.builder().build();

  @Test
  void everyRequestCarriesAUniqueRequestIdAndARecognisableUserAgent() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      ProbeResult first =
          client.probe(task(server.url("/health?deep=1")), inSeconds(30)).samples().get(0);
      ProbeResult second =
          client.probe(task(server.url("/health?deep=1")), inSeconds(30)).samples().get(0);
      RecordedRequest request = server.requests().get(0);
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.target()).isEqualTo("/health?deep=1");
      assertThat(request.version()).isEqualTo("HTTP/1.1");
      assertThat(request.header("Host")).contains("127.0.0.1:" + server.port());
      assertThat(request.header("User-Agent")).contains(ProbeClient.DEFAULT_USER_AGENT);
      assertThat(ProbeClient.DEFAULT_USER_AGENT).matches("probefleet/\\S+ \\(synthetic probe\\)");
      assertThat(request.header("Accept")).contains("*/*");
      assertThat(request.header("Connection")).contains("close");
      assertThat(request.header("X-Request-ID")).contains(first.requestId());
      assertThat(server.requests().get(1).header("X-Request-ID")).contains(second.requestId());
      assertThat(first.requestId()).isNotEqualTo(second.requestId());
    }
  }

  @Test
  void theHostOptionSetsTheHostHeader() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      client.probe(
          task(path(server.url("/"), "shop.example.com", false, null, null, List.of())),
          inSeconds(30));
      assertThat(server.requests().get(0).header("Host")).contains("shop.example.com");
    }
  }

  @Test
  void taskHeadersAreSentInOrderAndTheirValuesNeverReported() {
    String secret = "Bearer s3cr3t-t0ken";
    try (FaultHttpServer server = FaultHttpServer.start(Reply.status(503))) {
      ProbeTask task =
          task(server.url("/"))
              .withHeaders(
                  List.of(
                      new ProbeTask.Header("Authorization", secret),
                      new ProbeTask.Header("X-Probe", "1"),
                      new ProbeTask.Header("User-Agent", "custom-agent/1.0")));
      ProbeResult result = client.probe(task, inSeconds(30)).samples().get(0);
      RecordedRequest request = server.requests().get(0);
      assertThat(request.header("Authorization")).contains(secret);
      assertThat(request.header("X-Probe")).contains("1");
      assertThat(request.headers("User-Agent")).containsExactly("custom-agent/1.0");
      List<String> names = request.headers().stream().map(Reply.Header::name).toList();
      assertThat(names.indexOf("Authorization")).isLessThan(names.indexOf("X-Probe"));
      assertThat(result.toString()).doesNotContain("s3cr3t");
      assertThat(task.toString()).doesNotContain("s3cr3t").contains("Authorization");
    }
  }

  @Test
  void postSendsAnEmptyBody() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      client.probe(task(server.url("/")).withMethod("POST"), inSeconds(30));
      assertThat(server.requests().get(0).header("Content-Length")).contains("0");
    }
  }

  @Test
  void correlationIdsAreRecordedUnderTheirCanonicalNames() {
    Reply reply =
        Reply.status(502)
            .withHeader("x-amz-cf-id", "abc123==")
            .withHeader("X-Amz-Cf-Pop", "FRA56-P1")
            .withHeader("cf-ray", "7d1c2e3f4a5b6c7d-FRA")
            .withHeader("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678")
            .withHeader("Via", "1.1 varnish")
            .withHeader("Via", "1.1 abc.cloudfront.net (CloudFront)")
            .withHeader("X-Cache", "Error from cloudfront")
            .withHeader("Server", "nginx")
            .withHeader("X-Served-By", "cache-fra-1")
            .withHeader("X-Request-Id", "echoed")
            .withHeader("X-Unrelated", "ignored");
    try (FaultHttpServer server = FaultHttpServer.start(reply)) {
      ProbeResult result = client.probe(task(server.url("/")), inSeconds(30)).samples().get(0);
      assertThat(result.correlation())
          .containsExactly(
              java.util.Map.entry("X-Request-ID", "echoed"),
              java.util.Map.entry("X-Amz-Cf-Id", "abc123=="),
              java.util.Map.entry("X-Amz-Cf-Pop", "FRA56-P1"),
              java.util.Map.entry("CF-Ray", "7d1c2e3f4a5b6c7d-FRA"),
              java.util.Map.entry("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678"),
              java.util.Map.entry("X-Served-By", "cache-fra-1"),
              java.util.Map.entry("Via", "1.1 varnish, 1.1 abc.cloudfront.net (CloudFront)"),
              java.util.Map.entry("X-Cache", "Error from cloudfront"),
              java.util.Map.entry("Server", "nginx"));
    }
  }
}
