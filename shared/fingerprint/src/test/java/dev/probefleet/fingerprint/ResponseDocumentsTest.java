package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.CapturedResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseDocumentsTest {

  @Test
  void readsTheDocumentOfTheContract() {
    CapturedResponse r =
        ResponseDocuments.read(
            """
            {"status": 502, "reason": "Bad Gateway", "version": "HTTP/1.1",
             "headers": {"Server": "nginx", "Set-Cookie": ["a=1", "b=2"]},
             "body": "<html>bad gateway</html>"}
            """,
            "resp.json");

    assertThat(r.status()).isEqualTo(502);
    assertThat(r.reason()).isEqualTo("Bad Gateway");
    assertThat(r.version()).isEqualTo("HTTP/1.1");
    assertThat(r.headers().first("server")).contains("nginx");
    assertThat(r.headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(r.bodyText()).isEqualTo("<html>bad gateway</html>");
    assertThat(r.bodyComplete()).isTrue();
    assertThat(r.bodyBytes()).isEqualTo(r.body().length);
  }

  @Test
  void onlyTheStatusIsRequired() {
    CapturedResponse r = ResponseDocuments.read("{\"status\": 504}", "resp.json");

    assertThat(r.status()).isEqualTo(504);
    assertThat(r.reason()).isEmpty();
    assertThat(r.version()).isEqualTo("HTTP/1.1");
    assertThat(r.headers().fields()).isEmpty();
    assertThat(r.body()).isEmpty();
  }

  @Test
  void otherTopLevelKeysAreIgnoredSoRecordedPagesReadAsTheyAre() {
    CapturedResponse r =
        ResponseDocuments.read(
            "{\"status\": 503, \"meta\": {\"software\": \"haproxy\"}, \"body\": \"x\"}", "p.json");

    assertThat(r.status()).isEqualTo(503);
  }

  @Test
  void nonAsciiBodiesKeepTheirBytes() {
    CapturedResponse r =
        ResponseDocuments.read("{\"status\": 502, \"body\": \"That’s an error.\"}", "g.json");

    assertThat(r.bodyText()).isEqualTo("That’s an error.");
    assertThat(r.bodyBytes()).isEqualTo("That’s an error.".getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("page.json");
    Files.writeString(file, "{\"status\": \"502\"}");

    assertThatThrownBy(() -> ResponseDocuments.read(file))
        .isInstanceOf(InvalidResponseDocumentException.class)
        .hasMessageStartingWith(file + ": 'status' must be a number between 100 and 999");
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{}                                                | status           | 'status' is missing",
        "{\"status\": null}                                | status           | 'status' is missing",
        "{\"status\": \"502\"}                             | status           | 'status' must be a number between 100 and 999, got a string \"502\"",
        "{\"status\": 502.5}                               | status           | 'status' must be a number between 100 and 999, got a number 502.5",
        "{\"status\": 42}                                  | status           | 'status' must be a number between 100 and 999, got 42",
        "{\"status\": 1000}                                | status           | 'status' must be a number between 100 and 999, got 1000",
        "{\"status\": 99999999999}                         | status           | 'status' must be a number between 100 and 999, got 99999999999",
        "{\"status\": 502, \"headers\": [\"Server\"]}      | headers          | 'headers' must be an object of name: value, got a list",
        "{\"status\": 502, \"headers\": \"Server: nginx\"} | headers          | 'headers' must be an object of name: value, got a string",
        "{\"status\": 502, \"headers\": {\"Server\": 1}}   | headers.Server   | 'headers.Server' must be a string or a list of strings, got a number",
        "{\"status\": 502, \"headers\": {\"Via\": {}}}     | headers.Via      | 'headers.Via' must be a string or a list of strings, got an object",
        "{\"status\": 502, \"headers\": {\"Via\": [\"a\", 2]}} | headers.Via[1] | 'headers.Via[1]' must be a string, got a number",
        "{\"status\": 502, \"body\": 42}                   | body             | 'body' must be a string, got a number",
        "{\"status\": 502, \"body\": [\"a\"]}              | body             | 'body' must be a string, got a list",
        "{\"status\": 502, \"reason\": 5}                  | reason           | 'reason' must be a string, got a number",
        "[502]                                             | ``               | must be a JSON object, got a list",
        "{\"status\": 502,                                 | ``               | is not JSON:",
        "``                                                | ``               | is empty"
      })
  void badDocumentsFailNamingTheField(String json, String field, String message) {
    assertThatThrownBy(() -> ResponseDocuments.read(json, "resp.json"))
        .isInstanceOfSatisfying(
            InvalidResponseDocumentException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.source()).isEqualTo("resp.json");
            })
        .hasMessageStartingWith("resp.json: " + message);
  }

  @Test
  void syntaxErrorsSayWhere() {
    assertThatThrownBy(
            () -> ResponseDocuments.read("{\n  \"status\": 502\n  \"body\": \"x\"\n}", "r.json"))
        .isInstanceOf(InvalidResponseDocumentException.class)
        .hasMessageContaining("at line 3");
  }
}
