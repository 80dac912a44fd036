package dev.probefleet.captures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapturedPageTest {
  private static final CapturedPage PAGE =
      new CapturedPage(
          Software.NGINX,
          Scenario.REFUSED,
          "HTTP/1.1",
          502,
          "Bad Gateway",
          List.of(
              new CapturedPage.Header("Server", "nginx/1.22.1"),
              new CapturedPage.Header("Set-Cookie", "a=1"),
              new CapturedPage.Header("Transfer-Encoding", "chunked"),
              new CapturedPage.Header("Connection", "close"),
              new CapturedPage.Header("set-cookie", "b=2")),
          "<html>bad gateway é</html>",
          new CapturedPage.Meta(
              "nginx version: nginx/1.22.1",
              Scenario.REFUSED.description(),
              "GET /health HTTP/1.1",
              "2026-11-24T09:00:00Z",
              List.of("connect() failed (111: Connection refused)")));

  @Test
  void jsonRoundTripKeepsEverything() {
    CapturedPage back = CapturedPage.fromJson(PAGE.toJson(), "page.json");

    assertThat(back.status()).isEqualTo(502);
    assertThat(back.statusLine()).isEqualTo("HTTP/1.1 502 Bad Gateway");
    assertThat(back.body()).isEqualTo(PAGE.body());
    assertThat(back.meta()).isEqualTo(PAGE.meta());
    assertThat(back.headerValues("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(back.software()).isEqualTo(Software.NGINX);
    assertThat(back.scenario()).isEqualTo(Scenario.REFUSED);
  }

  @Test
  void repeatedHeadersBecomeAListInTheExplainDocument() {
    assertThat(PAGE.toJson()).contains("\"Set-Cookie\": [\n      \"a=1\",\n      \"b=2\"\n    ]");
  }

  @Test
  void servingDropsTheRecordedFramingAndFramesTheBodyAgain() {
    String wire = new String(PAGE.wireBytes(), StandardCharsets.UTF_8);
    int bodyLength = PAGE.bodyBytes().length;

    assertThat(PAGE.headersForServing())
        .extracting(CapturedPage.Header::name)
        .containsExactly("Server", "Set-Cookie", "set-cookie");
    assertThat(wire).startsWith("HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.22.1\r\n");
    assertThat(wire).doesNotContain("Transfer-Encoding");
    assertThat(wire).contains("Content-Length: " + bodyLength + "\r\nConnection: close\r\n\r\n");
    assertThat(wire).endsWith(PAGE.body());
  }

  @Test
  void malformedCapturesNameTheFileAndField() {
    assertThatThrownBy(() -> CapturedPage.fromJson("{\"status\": \"502\"}", "x.json"))
        .isInstanceOf(MalformedCaptureException.class)
        .hasMessage("x.json: 'status' is missing or not an integer");
    assertThatThrownBy(
            () ->
                CapturedPage.fromJson(
                    "{\"status\": 502, \"headers\": {\"A\": 1}, \"meta\": {}}", "x.json"))
        .hasMessage("x.json: header 'A' is neither a string nor a list of strings");
    assertThatThrownBy(() -> CapturedPage.fromJson("{\"status\": 502}", "x.json"))
        .hasMessage("x.json: 'meta' is missing or not an object");
    assertThatThrownBy(
            () ->
                CapturedPage.fromJson(
                    "{\"status\": 502, \"meta\": {\"software\": \"iis\", \"scenario\": \"refused\", \"softwareVersion\": \"10\"}}",
                    "x.json"))
        .hasMessageStartingWith("x.json: unknown software 'iis'");
    assertThatThrownBy(() -> CapturedPage.fromJson("{", "x.json"))
        .hasMessageStartingWith("x.json: not JSON:");
    assertThatThrownBy(() -> CapturedPage.fromJson("[502]", "x.json"))
        .hasMessage("x.json: the document is not a JSON object");
    assertThatThrownBy(() -> CapturedPage.fromJson("{\"status\": 502.5}", "x.json"))
        .hasMessage("x.json: 'status' is missing or not an integer");
  }

  @Test
  void textThatIsNotJsonIsReportedWithTheFileAndPosition() {
    assertThatThrownBy(
            () -> CapturedPage.fromJson("{\n  \"status\": 502\n  \"body\": \"\"}", "x.json"))
        .isInstanceOf(MalformedCaptureException.class)
        .hasMessageStartingWith("x.json: not JSON: Unexpected character ('\"'")
        .hasMessageEndingWith("at line 3, column 3")
        .satisfies(e -> assertThat(((MalformedCaptureException) e).source()).isEqualTo("x.json"));
  }

  @Test
  void aSecondDocumentOrARepeatedFieldIsNotReadAsTheFirstOne() {
    assertThatThrownBy(() -> CapturedPage.fromJson(PAGE.toJson() + "{}", "x.json"))
        .isInstanceOf(MalformedCaptureException.class)
        .hasMessageStartingWith("x.json: not JSON: Trailing token");
    assertThatThrownBy(() -> CapturedPage.fromJson("{\"status\": 502, \"status\": 200}", "x.json"))
        .isInstanceOf(MalformedCaptureException.class)
        .hasMessageStartingWith("x.json: not JSON: Duplicate field 'status'");
  }

  @Test
  void controlCharactersAndQuotesSurviveTheRoundTrip() {
    CapturedPage odd =
        new CapturedPage(
            PAGE.software(),
            PAGE.scenario(),
            PAGE.version(),
            PAGE.status(),
            PAGE.reason(),
            PAGE.headers(),
            "<p>\"quoted\" \\ back\r\n\ttab \u0001 and \u2019unicode\u2019</p>",
            PAGE.meta());

    String json = odd.toJson();

    assertThat(json).contains("\\u0001").doesNotContain("\u0001");
    assertThat(CapturedPage.fromJson(json, "odd.json").body()).isEqualTo(odd.body());
  }
}
