package dev.probefleet.probe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of the HTTPS case: reading diagnose's JSON into the counts the table prints, the
 * last line's format, and blackbox_exporter's {@code tls} phase.
 */
class HttpsFiguresTest {
  /** A path result as diagnose prints it (DESIGN §3), with this tls phase and detail. */
  private static String path(String clazz, String tls, String detail) {
    return """
        {"url": "https://localhost:1/delay/100/t/lb", "class": "%s", "detail": %s, "status": 200,
         "generator": null, "remote_address": "127.0.0.1:1", "probed_at": "2026-12-05T22:00:00Z",
         "request_id": "r", "timings_ms": {"dns": null, "connect": 0.2, "tls": %s,
         "request_write": 0.1, "ttfb": 100.4, "download": 0.1, "total": 120.0}}"""
        .formatted(clazz, detail == null ? "null" : "\"" + detail + "\"", tls);
  }

  private static String target(
      String name, String layer, String cause, String cdn, String lb, String origin) {
    return """
        {"name": "%s", "verdict": {"layer": "%s", "cause": "%s", "severity": "INFO",
         "summary": "s", "scope": "all-regions", "candidates": [], "rate": 1.0},
         "paths": {"cdn": %s, "lb": %s, "origin": [%s]}}"""
        .formatted(name, layer, cause, cdn, lb, origin);
  }

  private static final String DOCUMENT =
      "{\"schemaVersion\": 1, \"targets\": ["
          + target(
              "t0000",
              "NONE",
              "NONE",
              path("OK", "12.5", null),
              path("OK", "10.0", null),
              path("OK", "30.25", null))
          + ","
          + target(
              "t0001",
              "ORIGIN",
              "TLS_HANDSHAKE_FAILED",
              path("OK", "11.0", null),
              path("OK", "9.0", null),
              path("TLS_HANDSHAKE_FAILED", "null", "TLS handshake not complete within 10000 ms"))
          + ","
          + target(
              "t0002",
              "INCONCLUSIVE",
              "RESPONSE_TIMEOUT",
              path("OK", "8.0", null),
              path("RESPONSE_TIMEOUT", "7.0", "prober overloaded: timer 900 ms late"),
              path("OK", "6.0", null))
          + "]}";

  @Test
  void countsVerdictsTlsPhasesAndStderrLines() {
    String stderr =
        """
        diagnose: t0003 origin[0]: the round's deadline passed before its probe could start
        diagnose: t0004 lb: prober overloaded: a timer fired 900 ms late
        round 1: timer lateness p99 900 ms; 3 retried, 1 overloaded
        some JVM warning
        another line
        and one more
        """;

    DiagnoseOutcome outcome = DiagnoseOutcome.parse(DOCUMENT, stderr);

    assertThat(outcome.targets()).isEqualTo(3);
    assertThat(outcome.none()).isEqualTo(1);
    assertThat(outcome.otherVerdicts())
        .isEqualTo(Map.of("ORIGIN TLS_HANDSHAKE_FAILED", 1, "INCONCLUSIVE RESPONSE_TIMEOUT", 1));
    assertThat(outcome.inconclusive()).isEqualTo(1);
    assertThat(outcome.firstFailure())
        .isEqualTo("t0001 origin: TLS_HANDSHAKE_FAILED TLS handshake not complete within 10000 ms");
    assertThat(outcome.describeOtherVerdicts())
        .isEqualTo(
            "INCONCLUSIVE RESPONSE_TIMEOUT 1, ORIGIN TLS_HANDSHAKE_FAILED 1; first: t0001 origin:"
                + " TLS_HANDSHAKE_FAILED TLS handshake not complete within 10000 ms");
    assertThat(outcome.tlsMs())
        .containsExactlyInAnyOrder(12.5, 10.0, 30.25, 11.0, 9.0, 8.0, 7.0, 6.0);
    assertThat(outcome.pathsWithoutTls()).isEqualTo(1);
    assertThat(outcome.overloadedPaths()).isEqualTo(1);
    assertThat(outcome.notProbedLines()).isEqualTo(2);
    assertThat(outcome.overloadedLines()).isEqualTo(1);
    assertThat(outcome.otherStderr())
        .containsExactly(
            "round 1: timer lateness p99 900 ms; 3 retried, 1 overloaded",
            "some JVM warning",
            "another line");
  }

  @Test
  void aTargetMissingFromTheDocumentIsAFalseFailure() {
    DiagnoseOutcome outcome = DiagnoseOutcome.parse(DOCUMENT, "");

    assertThat(outcome.falseFailures(3)).isEqualTo(2);
    assertThat(outcome.falseFailures(5)).isEqualTo(4);
  }

  @Test
  void stdoutThatIsNotADiagnoseDocumentIsNamed() {
    assertThatThrownBy(() -> DiagnoseOutcome.parse("", "boom"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no \"targets\" array");
    assertThatThrownBy(() -> DiagnoseOutcome.parse("probefleet: internal error", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("probefleet: internal error");
    assertThatThrownBy(
            () -> DiagnoseOutcome.parse("{\"targets\": [{\"name\": \"t7\", \"paths\": {}}]}", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target t7 has no verdict.layer");
  }

  @Test
  void lastLineBesideBlackbox() {
    HttpsSummary summary =
        new HttpsSummary(3.7351, OptionalDouble.of(1.1), 162, 20, 1000, 261.04, 12.26);

    assertThat(summary.line())
        .isEqualTo(
            "https probes: 3.74 CPU-ms/probe vs blackbox 1.10 (3.40x), false failures 162/20000,"
                + " tls median 261.0 ms (lone 12.3 ms)");
  }

  @Test
  void lastLineWithoutBlackboxOrWithoutAFigure() {
    HttpsSummary summary =
        new HttpsSummary(1.25, OptionalDouble.empty(), 0, 2, 50, Double.NaN, 4.0);

    assertThat(summary.line())
        .isEqualTo(
            "https probes: 1.25 CPU-ms/probe vs blackbox missing, false failures 0/100, tls median"
                + " n/a ms (lone 4.0 ms)");
    assertThat(new HttpsSummary(1.0, OptionalDouble.of(0.0), 0, 1, 1, 1, 1).line())
        .contains("vs blackbox 0.00 (n/a)");
  }

  @Test
  void blackboxTlsPhaseFromAProbeAnswer() {
    String answer =
        """
        # HELP probe_http_duration_seconds Duration of http request by phase
        # TYPE probe_http_duration_seconds gauge
        probe_http_duration_seconds{phase="connect"} 0.000171
        probe_http_duration_seconds{phase="tls"} 0.048312
        probe_success 1
        """;

    assertThat(BlackboxExporter.tlsSeconds(answer)).contains(0.048312);
    assertThat(BlackboxExporter.tlsSeconds("probe_success 0\n")).isEmpty();
  }

  @Test
  void samplesUseNearestRank() {
    Samples samples = Samples.of(java.util.List.of(5.0, 1.0, 3.0, 2.0));

    assertThat(samples.median()).isEqualTo(2.5);
    assertThat(samples.p99()).isEqualTo(5.0);
    assertThat(samples.percentile(0.5)).isEqualTo(2.0);
    assertThat(Samples.of(java.util.List.of()).median()).isNaN();
  }
}
