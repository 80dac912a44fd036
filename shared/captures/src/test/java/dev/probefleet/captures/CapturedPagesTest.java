package dev.probefleet.captures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pages shipped in this jar, as the fault lab and the fingerprint tests load them. */
class CapturedPagesTest {

  static Stream<CapturedPage> pages() {
    return CapturedPages.all().stream();
  }

  @Test
  void everySoftwareHasItsPagesShipped() {
    for (Software s : Software.values()) {
      assertThat(CapturedPages.of(s)).as(s.id()).hasSizeGreaterThanOrEqualTo(6);
      assertThat(CapturedPages.find(s, Scenario.HEALTHY)).as(s.id()).isPresent();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void eachPageIsWhatItsScenarioProduced(CapturedPage page) {
    assertThat(page.meta().softwareVersion()).isNotBlank();
    assertThat(page.meta().upstream()).isEqualTo(page.scenario().description());
    if (page.scenario() == Scenario.HEALTHY) {
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).isEqualTo("ok\n");
    } else {
      assertThat(page.status()).isBetween(500, 599);
    }
    assertThat(page.statusLine()).startsWith("HTTP/1.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void servedPagesCarryTheirBodyExactly(CapturedPage page) {
    byte[] wire = page.wireBytes();
    byte[] body = page.bodyBytes();
    String head =
        new String(
            wire, 0, wire.length - body.length, java.nio.charset.StandardCharsets.ISO_8859_1);

    assertThat(head).endsWith("Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n");
    assertThat(java.util.Arrays.copyOfRange(wire, wire.length - body.length, wire.length))
        .isEqualTo(body);
  }

  /**
   * Reading a shipped file and writing it again gives the same bytes: the files in git are what
   * {@link CapturedPage#toJson()} writes, so a re-recording diffs only where the software changed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void shippedFilesAreExactlyWhatTheRecorderWrites(CapturedPage page) throws Exception {
    String name =
        CapturedPages.RESOURCE_ROOT + page.software().id() + "/" + page.scenario().id() + ".json";
    try (var in = CapturedPages.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      String shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(page.toJson()).as(name).isEqualTo(shipped);
    }
  }

  @Test
  void aMalformedFileInADirectoryIsNamed(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("nginx"));
    Path bad = dir.resolve("nginx").resolve("refused.json");
    Files.writeString(bad, "{\"status\": 502, \"meta\": {\"software\": \"nginx\"}}");

    assertThatThrownBy(() -> CapturedPages.readDirectory(dir))
        .isInstanceOf(MalformedCaptureException.class)
        .hasMessage(bad + ": 'meta.scenario' is missing or not a string");
  }

  @Test
  void loadingAScenarioNeverRecordedFailsNamingIt() {
    assertThatThrownBy(() -> CapturedPages.load(Software.APACHE, Scenario.NO_HEALTHY_UPSTREAM))
        .isInstanceOf(CapturedPageNotFoundException.class)
        .hasMessageStartingWith("no captured page for apache/no-healthy-upstream");
  }

  @Test
  void readsADirectoryOfCaptures(@TempDir Path dir) throws Exception {
    CapturedPage nginx = CapturedPages.load(Software.NGINX, Scenario.TIMEOUT);
    Files.createDirectories(dir.resolve("nginx"));
    Files.writeString(dir.resolve("nginx").resolve("timeout.json"), nginx.toJson());

    List<CapturedPage> read = CapturedPages.readDirectory(dir);

    assertThat(read).containsExactly(nginx);
  }
}
