package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.config.TargetsLoader;
import dev.probefleet.incident.RoundOutcome;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.run.RoundLoop;
import dev.probefleet.store.WriteReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/**
 * The live view's screen, drawn from rounds built of the real service types (probe results,
 * records, the attribution's verdicts, transitions, reports) at a fixed size, read as a person
 * would: line by line.
 */
class FleetScreenTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final RoundSlot SLOT =
      RoundSlot.containing(Instant.parse("2026-11-24T09:01:03Z"), INTERVAL);
  private static final Instant AT = SLOT.start().plusMillis(20);
  private static final Pattern COLOUR = Pattern.compile("\u001b\\[[0-9;]*(3[0-7]|9[0-7]|38;)");

  private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

  static {
    TargetsLoader.parse(
            """
            targets:
              - name: shop
                paths:
                  origin: {url: "http://127.0.0.1:8081/health"}
              - name: api
                paths:
                  cdn: {url: "http://127.0.0.1:8082/health"}
                  lb: {url: "http://127.0.0.1:8083/health"}
                  origin:
                    - {url: "http://127.0.0.1:8084/health"}
                    - {url: "http://127.0.0.1:8085/health"}
            """,
            "targets.yaml",
            Path.of("."))
        .targets()
        .forEach(t -> TARGETS.put(t.name(), t));
  }

  @Test
  void showsEachPathsStateAndLatencyTheVerdictAndTheOpenIncident() {
    FleetScreen screen = screen(List.of("shop", "api"));
    RoundRecord shop = record("shop", origin(0, FailureClass.CONNECTION_REFUSED, null, 0.4));
    RoundRecord api =
        record(
            "api",
            path(PathKind.CDN, 0, FailureClass.OK, 200, 31.6),
            path(PathKind.LB, 0, FailureClass.OK, 200, 12.2),
            origin(0, FailureClass.OK, 200, 7.25),
            origin(1, FailureClass.OK, 200, 8));
    Verdict refused = verdict(shop);
    Transition opened = transition("shop", "01JD0000000000000000000001", 1, refused);

    screen.cycle(cycle(1, List.of(shop, api), analysed(shop, opened), analysed(api)), AT);

    assertThat(text(screen.render(160, 20, AT.plusMillis(400), false, 0)))
        .containsExactly(
            "probefleet run · round 1 · slot 2026-11-24T09:01:03Z · every 1.0 s · store memory",
            "round 1 took 40 ms · next round in 580 ms",
            "TARGET  CDN      LB       ORIGIN                    VERDICT                         INCIDENT",
            "api     ok 32ms  ok 12ms  ok ×2 7.3ms               healthy",
            "shop    -        -        CONNECTION_REFUSED 0.4ms  ORIGIN CONNECTION_REFUSED PAGE"
                + "  01JD0000000000000000000001",
            "events",
            "09:01:03Z OPENED shop ORIGIN CONNECTION_REFUSED PAGE  incident"
                + " 01JD0000000000000000000001");
  }

  @Test
  void linesAreCutToTheWidthNeverWrapped() {
    FleetScreen screen = screen(List.of("shop"));
    RoundRecord shop = record("shop", origin(0, FailureClass.CONNECTION_REFUSED, null, 0.4));
    screen.cycle(cycle(1, List.of(shop), analysed(shop)), AT);

    List<AttributedString> lines = screen.render(40, 20, AT, true, 0);

    assertThat(lines).allSatisfy(l -> assertThat(l.columnLength()).isLessThanOrEqualTo(40));
    assertThat(text(lines))
        .containsExactly(
            "probefleet run · round 1 · slot 2026-11-",
            "round 1 took 40 ms · next round in 980 m",
            "TARGET  CDN  LB  ORIGIN                 ",
            "shop    -    -   CONNECTION_REFUSED 0.4m");
  }

  @Test
  void moreTargetsThanRowsShowsTheFailingOnesFirstThenCountsTheRest() {
    List<String> names = IntStream.rangeClosed(1, 12).mapToObj(i -> "t%02d".formatted(i)).toList();
    FleetScreen screen = screen(names);
    List<RoundRecord> records = new ArrayList<>();
    List<TargetAnalysis> analyses = new ArrayList<>();
    for (String name : names) {
      boolean failing = name.equals("t04") || name.equals("t11");
      RoundRecord r =
          record(
              name,
              origin(
                  0,
                  failing ? FailureClass.CONNECTION_REFUSED : FailureClass.OK,
                  failing ? null : 200,
                  1));
      records.add(r);
      analyses.add(analysed(r));
    }
    screen.cycle(cycle(1, records, analyses.toArray(TargetAnalysis[]::new)), AT);

    // 8 rows: header, status, column titles, 3 targets, "… more", and the cursor's line.
    List<String> lines = text(screen.render(120, 8, AT, false, 0));

    assertThat(lines).hasSize(7);
    assertThat(lines.subList(3, 7))
        .satisfiesExactly(
            l -> assertThat(l).startsWith("t04 ").contains("ORIGIN CONNECTION_REFUSED PAGE"),
            l -> assertThat(l).startsWith("t11 ").contains("ORIGIN CONNECTION_REFUSED PAGE"),
            l -> assertThat(l).startsWith("t01 ").contains("healthy"),
            l -> assertThat(l).isEqualTo("… 9 more healthy"));
    assertThat(lines.get(2)).isEqualTo("TARGET  CDN  LB  ORIGIN                    VERDICT");
  }

  @Test
  void everyTargetFitsInNameOrderWhenThereIsRoom() {
    FleetScreen screen = screen(List.of("zeta", "alpha", "mid"));
    RoundRecord zeta = record("zeta", origin(0, FailureClass.CONNECTION_REFUSED, null, 1));
    RoundRecord alpha = record("alpha", origin(0, FailureClass.OK, 200, 1));
    RoundRecord mid = record("mid", origin(0, FailureClass.OK, 200, 1));
    screen.cycle(
        cycle(1, List.of(zeta, alpha, mid), analysed(zeta), analysed(alpha), analysed(mid)), AT);

    assertThat(text(screen.render(120, 20, AT, false, 0)).subList(3, 6))
        .extracting(l -> l.substring(0, 6))
        .containsExactly("alpha ", "mid   ", "zeta  ");
  }

  @Test
  void aRoundInFlightShowsASpinnerWithItsElapsedTimeAndDeadlines() {
    FleetScreen screen = screen(List.of("shop"));
    screen.started(
        2, SLOT, SLOT.start(), SLOT.start().plusMillis(750), SLOT.start().plusSeconds(1));

    List<String> lines = text(screen.render(120, 20, SLOT.start().plusMillis(300), false, 1));

    assertThat(lines.get(0))
        .isEqualTo(
            "probefleet run · round 2 · slot 2026-11-24T09:01:03Z · every 1.0 s · store memory");
    assertThat(lines.get(1))
        .isEqualTo("⠙ round 2 in flight 300 ms · probes by 750 ms · analysis by 1.0 s");
    assertThat(lines.get(3)).isEqualTo("shop    -    -   -       waiting for a round");
  }

  @Test
  void aResolvedIncidentLeavesTheLineAndIsAnEvent() {
    FleetScreen screen = screen(List.of("shop"));
    screen.incidentsOpen(Map.of("shop", "01JD0000000000000000000001"));
    RoundRecord shop = record("shop", origin(0, FailureClass.OK, 200, 2));
    Transition resolved =
        new Transition(
            "shop",
            "01JD0000000000000000000001",
            2,
            TransitionKind.RESOLVED,
            SLOT,
            signature(record("shop", origin(0, FailureClass.CONNECTION_REFUSED, null, 1))),
            Optional.empty());

    screen.cycle(cycle(4, List.of(shop), analysed(shop, resolved)), AT);

    List<String> lines = text(screen.render(160, 20, AT, false, 0));
    assertThat(lines.get(3)).isEqualTo("shop    -    -   ok 2.0ms  healthy");
    assertThat(lines)
        .endsWith(
            "09:01:03Z RESOLVED shop (was ORIGIN CONNECTION_REFUSED PAGE)  incident"
                + " 01JD0000000000000000000001");
  }

  @Test
  void slowAndFailedRoundsAndPrintedMessagesAreEvents() {
    FleetScreen screen = screen(List.of("shop"));
    RoundRecord shop = record("shop", origin(0, FailureClass.OK, 200, 2));
    screen.cycle(
        new RoundLoop.Cycle(
            3,
            SLOT,
            SLOT.start(),
            Duration.ofMillis(1500),
            List.of(),
            probe(List.of(shop)),
            new AnalysisReport(
                SLOT, List.of(analysed(shop)), List.of(), List.of(), List.of(), List.of())),
        AT);
    screen.message(
        "=== ALERT 01JD-1 — [PAGE] shop: OPENED ORIGIN CONNECTION_REFUSED\nline\nline\n=== end\n",
        AT);
    screen.failed(
        4, SLOT.next(), new IllegalStateException("store unreachable"), AT.plusSeconds(1));

    List<String> lines = text(screen.render(160, 20, AT.plusSeconds(1), false, 0));
    assertThat(lines.get(1)).isEqualTo("round 4 failed · next round in 980 ms");
    assertThat(lines)
        .endsWith(
            "events",
            "09:01:03Z round 3 SLOW: took 1.5 s, longer than the interval",
            "09:01:03Z ALERT 01JD-1 — [PAGE] shop: OPENED ORIGIN CONNECTION_REFUSED  (+3 lines)",
            "09:01:04Z round 4 FAILED: java.lang.IllegalStateException: store unreachable");
  }

  @Test
  void colourOnlyWhenAsked() {
    FleetScreen screen = screen(List.of("shop"));
    RoundRecord shop = record("shop", origin(0, FailureClass.CONNECTION_REFUSED, null, 0.4));
    screen.cycle(cycle(1, List.of(shop), analysed(shop)), AT);

    String coloured = ansi(screen.render(120, 20, AT, true, 0));
    String plain = ansi(screen.render(120, 20, AT, false, 0));

    assertThat(COLOUR.matcher(coloured).find()).as(coloured).isTrue();
    assertThat(COLOUR.matcher(plain).find()).as(plain).isFalse();
    assertThat(plain).contains("\u001b[1m"); // bold titles are not colour
  }

  @Test
  void beforeTheFirstRoundEveryTargetWaits() {
    FleetScreen screen = screen(List.of("shop", "api"));

    assertThat(text(screen.render(120, 20, AT, false, 0)))
        .containsExactly(
            "probefleet run · every 1.0 s · store memory",
            "waiting for the first round",
            "TARGET  CDN  LB  ORIGIN  VERDICT",
            "api     -    -   -       waiting for a round",
            "shop    -    -   -       waiting for a round");
  }

  // --- rounds from the real types ----------------------------------------------------------------

  private static FleetScreen screen(List<String> names) {
    return new FleetScreen(names, INTERVAL, "memory");
  }

  private static ProbeResult path(
      PathKind kind, int instance, FailureClass outcome, Integer status, double totalMs) {
    return new ProbeResult(
        "",
        kind,
        instance,
        "http://127.0.0.1:8080/health",
        outcome,
        outcome == FailureClass.OK ? "" : "connection refused by 127.0.0.1:8080",
        status,
        "127.0.0.1:8080",
        List.of(),
        AT,
        "req-" + kind + instance,
        new PhaseTimings(
            null,
            (long) (totalMs * 500_000),
            null,
            status == null ? null : 10_000L,
            status == null ? null : 10_000L,
            status == null ? null : 10_000L,
            (long) (totalMs * 1_000_000)),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        false);
  }

  private static ProbeResult origin(int instance, FailureClass outcome, Integer status, double ms) {
    return path(PathKind.ORIGIN, instance, outcome, status, ms);
  }

  private static RoundRecord record(String target, ProbeResult... results) {
    List<PathObservation> observations = new ArrayList<>();
    for (ProbeResult r : results) {
      ProbeResult mine =
          new ProbeResult(
              target,
              r.path(),
              r.instance(),
              r.url(),
              r.failureClass(),
              r.detail(),
              r.status(),
              r.remoteAddress(),
              r.resolvedAddresses(),
              r.probedAt(),
              r.requestId(),
              r.timings(),
              r.response(),
              r.tls(),
              r.correlation(),
              r.location(),
              r.connectionReused());
      observations.add(PathObservation.of(mine));
    }
    return new RoundRecord(target, SLOT, "local", AT, observations);
  }

  private static Verdict verdict(RoundRecord record) {
    Target target =
        TARGETS.containsKey(record.target()) ? TARGETS.get(record.target()) : TARGETS.get("shop");
    Target named =
        new Target(
            record.target(),
            target.request(),
            target.expect(),
            target.burst(),
            target.cdn(),
            target.lb(),
            target.origins());
    return Attribution.attribute(
        AttributionInput.of(named, SLOT, List.of(RegionRound.of(record)), AT));
  }

  private static Signature signature(RoundRecord record) {
    return Signature.of(verdict(record));
  }

  private static Transition transition(String target, String id, int number, Verdict verdict) {
    return new Transition(
        target, id, number, TransitionKind.OPENED, SLOT, Signature.of(verdict), Optional.empty());
  }

  private static TargetAnalysis analysed(RoundRecord record, Transition... transitions) {
    return new TargetAnalysis(
        record.target(),
        TargetAnalysis.Status.ANALYSED,
        List.of("local"),
        Optional.of(verdict(record)),
        Optional.of(RoundOutcome.APPLIED),
        List.of(transitions),
        List.of(),
        List.of(SLOT),
        Optional.empty());
  }

  private static ProbeReport probe(List<RoundRecord> records) {
    return new ProbeReport(
        "local",
        Shard.ALL,
        SLOT,
        records,
        0,
        Optional.empty(),
        new WriteReport(records.size(), List.of(), List.of()),
        List.of(),
        Duration.ofMillis(30));
  }

  private static RoundLoop.Cycle cycle(
      int number, List<RoundRecord> records, TargetAnalysis... analyses) {
    return new RoundLoop.Cycle(
        number,
        SLOT,
        SLOT.start(),
        Duration.ofMillis(40),
        List.of(),
        probe(records),
        new AnalysisReport(SLOT, List.of(analyses), List.of(), List.of(), List.of(), List.of()));
  }

  private static List<String> text(List<AttributedString> lines) {
    return lines.stream().map(AttributedString::toString).toList();
  }

  private static String ansi(List<AttributedString> lines) {
    return String.join(
        "\n",
        lines.stream()
            .map(l -> l.toAnsi(256, org.jline.utils.AttributedCharSequence.ForceMode.None))
            .toList());
  }
}
