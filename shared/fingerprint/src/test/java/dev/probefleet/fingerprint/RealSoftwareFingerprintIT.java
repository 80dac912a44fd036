package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CaptureReport;
import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.RealSoftwareCapture;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.testing.RequiredTool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records error pages LIVE from every proxy and web server installed here (Debian's nginx, haproxy,
 * apache2, varnish, squid, caddy; started on loopback against misbehaving upstreams, into {@code
 * target/live-captures}) and checks the fingerprinter and the log-line explainer on what they
 * actually answered and logged. A software whose binary is absent is skipped, saying which binary
 * is missing and which Debian package installs it — and fails under {@code CI=true}, where {@code
 * .ci/run} has installed them all ({@link RequiredTool}).
 */
class RealSoftwareFingerprintIT {
  private static final Path OUTPUT = Path.of("target", "live-captures");
  private static CaptureReport report;

  /** The Debian package of each software, as {@code .ci/run} installs it. */
  private static final Map<Software, String> DEBIAN_PACKAGES =
      Map.of(
          Software.NGINX, "nginx",
          Software.HAPROXY, "haproxy",
          Software.APACHE, "apache2",
          Software.VARNISH, "varnish",
          Software.SQUID, "squid",
          Software.CADDY, "caddy");

  @BeforeAll
  static void recordLive() {
    List<Software> present =
        List.of(Software.values()).stream()
            .filter(s -> RealSoftwareCapture.absence(s).isEmpty())
            .toList();
    report = RealSoftwareCapture.into(OUTPUT).software(present).build().run();
    System.out.println("live captures in " + OUTPUT.toAbsolutePath() + ":\n" + report.summary());
  }

  @Test
  void everyRecordingProcessIsStoppedAfterwards() {
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .as("processes the recording started and left running")
        .isEmpty();
  }

  @Test
  void everySoftwareNamesTheDebianPackageThatInstallsIt() {
    assertThat(DEBIAN_PACKAGES).containsOnlyKeys(Software.values());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Software.class)
  void liveErrorPagesAreFingerprintedAsTheirSoftware(Software software) {
    RequiredTool.require(
        software.id(),
        RealSoftwareCapture.absence(software),
        "apt-get install " + DEBIAN_PACKAGES.get(software));
    CaptureReport.SoftwareResult result = report.of(software).orElseThrow();
    assertThat(result.failed())
        .as(software.id() + " scenarios that could not be recorded")
        .isEmpty();
    assertThat(result.captured().keySet())
        .contains(
            Scenario.HEALTHY,
            Scenario.REFUSED,
            Scenario.INVALID_HEADER,
            Scenario.CLOSED_BEFORE_HEADERS,
            Scenario.TIMEOUT,
            Scenario.OVERSIZED_HEADER,
            Scenario.CONNECT_TIMEOUT,
            Scenario.RESET);
    if (software != Software.VARNISH && software != Software.SQUID) {
      assertThat(result.captured()).containsKey(Scenario.UPSTREAM_TLS_UNTRUSTED);
    }

    Fingerprinter fingerprinter = Fingerprinter.defaults();
    LogLineExplainer explainer = LogLineExplainer.defaults();
    for (Map.Entry<Scenario, Path> e : result.captured().entrySet()) {
      CapturedPage page = CapturedPages.read(e.getValue());
      String id = CaptureCases.id(page) + " (live)";
      assertThat(page.meta().softwareVersion()).isNotBlank();

      Fingerprint f = fingerprinter.fingerprint(CaptureCases.response(page));
      assertThat(f.generator()).as(id).isEqualTo(CaptureCases.expectedGenerator(page));
      if (CaptureCases.isErrorPage(page)) {
        assertThat(page.status()).as(id + " status").isGreaterThanOrEqualTo(500);
        assertThat(f.meaning()).as(id).contains(CaptureCases.expectedMeaningPhrase(page));
        assertThat(fingerprinter.fingerprint(CaptureCases.headersOnly(page)).generator())
            .as(id + " headers only")
            .isEqualTo(software.id());
      } else {
        assertThat(page.status()).as(id + " status").isEqualTo(200);
      }

      Optional<LogLineExplanation> explained =
          page.meta().log().stream()
              .map(explainer::explain)
              .filter(LogLineExplanation::explained)
              .findFirst();
      assertThat(explained.map(LogLineExplanation::cause))
          .as(id + " log " + page.meta().log())
          .isEqualTo(CaptureCases.expectedLogCause(page));
      CaptureCases.assertLogLinesExplained(explainer, page, e.getValue().toString());
    }
  }
}
