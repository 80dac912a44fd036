package dev.probefleet.runbook;

import static dev.probefleet.model.FailureClass.CONNECTION_REFUSED;
import static dev.probefleet.model.FailureClass.DNS_FAILURE;
import static dev.probefleet.scenario.Pages.haproxy503;
import static dev.probefleet.scenario.Pages.nginx502;
import static dev.probefleet.scenario.Sample.fails;
import static dev.probefleet.scenario.Sample.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunbookTest {
  /** A word or command each cause's steps must contain, whatever the layer. */
  private static final Map<Cause, String> SPECIFIC =
      Map.ofEntries(
          Map.entry(Cause.NONE, "Nothing to do"),
          Map.entry(Cause.DNS_FAILURE, "dig +trace"),
          Map.entry(Cause.DNS_UNEXPECTED_ADDRESS, "expectAddresses"),
          Map.entry(Cause.CONNECTION_REFUSED, "ss -ltnp"),
          Map.entry(Cause.CONNECT_TIMEOUT, "nc -vz"),
          Map.entry(Cause.NETWORK_UNREACHABLE, "nc -vz"),
          Map.entry(Cause.TLS_HANDSHAKE_FAILED, "openssl s_client"),
          Map.entry(Cause.TLS_CERTIFICATE_INVALID, "openssl s_client"),
          Map.entry(Cause.RESPONSE_TIMEOUT, "time_starttransfer"),
          Map.entry(Cause.DOWNLOAD_TIMEOUT, "time_starttransfer"),
          Map.entry(Cause.BODY_TRUNCATED, "time_starttransfer"),
          Map.entry(Cause.PREMATURE_CLOSE, "dmesg"),
          Map.entry(Cause.CONNECTION_RESET, "dmesg"),
          Map.entry(Cause.INVALID_RESPONSE, "raw"),
          Map.entry(Cause.OVERSIZED_HEADER, "raw"),
          Map.entry(Cause.HTTP_5XX, "logs"),
          Map.entry(Cause.HTTP_UNEXPECTED_STATUS, "Host"),
          Map.entry(Cause.ASSERTION_FAILED, "curl -sv"),
          Map.entry(Cause.UPSTREAM_APP_DOWN, "application server"),
          Map.entry(Cause.UPSTREAM_CONNECT_FAILED, "security group"),
          Map.entry(Cause.UPSTREAM_TLS_FAILED, "-servername"),
          Map.entry(Cause.UPSTREAM_TIMEOUT, "timeout"),
          Map.entry(Cause.UPSTREAM_HEADER_TOO_LARGE, "buffer"),
          Map.entry(Cause.NO_HEALTHY_UPSTREAM, "describe-target-health"),
          Map.entry(Cause.INTERMITTENT_5XX, "uniq -c"),
          Map.entry(Cause.INSTANCE_DEGRADED, "health check"),
          Map.entry(Cause.CERTIFICATE_EXPIRING, "-enddate"));

  @Test
  void everyPairAttributionCanProduceHasItsOwnSteps() {
    List<String> checked = new ArrayList<>();
    Attribution.producible()
        .forEach(
            (layer, causes) -> {
              for (Cause cause : causes) {
                List<RunbookStep> steps = Runbook.stepsFor(layer, cause);
                String all = text(steps);
                String pair = layer + "/" + cause;
                assertThat(steps).as(pair).isNotEmpty().doesNotHaveDuplicates();
                // Only curl's own write-out variables (%{http_code}) keep braces.
                assertThat(all.replaceAll("%\\{[a-z_]+}", ""))
                    .as(pair)
                    .doesNotContain("{")
                    .doesNotContain("}");
                if (layer == Layer.NONE) {
                  assertThat(all).contains("Nothing to do");
                } else if (layer == Layer.INCONCLUSIVE) {
                  assertThat(steps).as(pair).hasSizeGreaterThanOrEqualTo(4);
                  assertThat(all).as(pair).contains("Add the missing paths");
                } else {
                  assertThat(steps).as(pair).hasSizeGreaterThanOrEqualTo(3);
                  assertThat(steps).as(pair).anyMatch(s -> s.command().isPresent());
                  assertThat(all).as(pair).contains(SPECIFIC.get(cause));
                }
                checked.add(pair);
              }
            });
    assertThat(checked).hasSizeGreaterThan(80);
  }

  @Test
  void stepsAreFilledFromTheVerdictsEvidence() {
    Verdict v = Scenario.fullChain().cdn(haproxy503()).lb(haproxy503()).origin(ok()).verdict();
    List<RunbookStep> steps = Runbook.stepsFor(v);
    assertThat(steps)
        .extracting(RunbookStep::command)
        .contains(
            Optional.of(
                "curl -sv -o /dev/null --resolve shop.example.com:8080:10.0.1.23"
                    + " http://shop.example.com:8080/health"),
            Optional.of("ss -ltnp 'sport = :8080'"),
            Optional.of("nc -vz -w 5 10.0.1.23 8080"));
    assertThat(text(steps).replaceAll("%\\{[a-z_]+}", ""))
        .doesNotContain("<backend-ip>")
        .doesNotContain("{");
  }

  @Test
  void curlWriteOutVariablesKeepTheirBraces() {
    String all = text(Runbook.stepsFor(Layer.LOAD_BALANCER, Cause.INTERMITTENT_5XX));
    assertThat(all).contains("-w '%{http_code}\\n'").doesNotContain("%<");
    assertThat(text(Runbook.stepsFor(Layer.ORIGIN, Cause.UPSTREAM_TIMEOUT)))
        .contains("-w 'dns %{time_namelookup} connect %{time_connect} tls %{time_appconnect}");
  }

  @Test
  void withoutEvidenceTheStepsShowPlaceholders() {
    String all = text(Runbook.stepsFor(Layer.LOAD_BALANCER, Cause.UPSTREAM_CONNECT_FAILED));
    assertThat(all).contains("nc -vz -w 5 <backend-ip> <backend-port>");
  }

  @Test
  void correlationIdsAreFilledIn() {
    Verdict v =
        Scenario.fullChain()
            .cdn(nginx502().correlation("X-Amz-Cf-Id", "Zx9-cf-id=="))
            .lb(ok())
            .origin(ok())
            .verdict();
    assertThat(text(Runbook.stepsFor(v))).contains("X-Amz-Cf-Id Zx9-cf-id==");
  }

  @Test
  void dnsStepsAskAboutTheFailingName() {
    Verdict v = Scenario.fullChain().cdn(fails(DNS_FAILURE)).lb(ok()).origin(ok()).verdict();
    assertThat(Runbook.stepsFor(v))
        .extracting(RunbookStep::command)
        .contains(Optional.of("dig +short shop.example.com; dig +short shop.example.com @1.1.1.1"));
  }

  @Test
  void anOriginInstanceIsNamedByItsAddress() {
    Verdict v =
        Scenario.paths(PathKind.CDN, PathKind.LB, PathKind.ORIGIN, PathKind.ORIGIN)
            .cdn(ok())
            .lb(ok())
            .origin(ok())
            .origin(fails(CONNECTION_REFUSED))
            .verdict();
    assertThat(Runbook.stepsFor(v).get(0).action())
        .isEqualTo("The failing instance is origin[1] (10.0.1.24:8080); the others answer.");
  }

  @Test
  void anInconclusiveVerdictListsItsCandidatesFirst() {
    Verdict v = Scenario.paths(PathKind.CDN).cdn(nginx502()).verdict();
    assertThat(Runbook.stepsFor(v).get(0).action())
        .isEqualTo("The failure is at one of: CDN, LOAD_BALANCER, ORIGIN.");
  }

  private static String text(List<RunbookStep> steps) {
    StringBuilder all = new StringBuilder();
    for (RunbookStep s : steps) {
      all.append(s.action()).append('\n');
      s.command().ifPresent(c -> all.append(c).append('\n'));
    }
    return all.toString();
  }
}
