package dev.probefleet.aws;

import dev.probefleet.alert.Alert;
import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Scope;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.Incidents;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.ResponseHeaders;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.model.Target;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.store.contract.Rounds;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts as the analyzer renders them, with the signature a test needs (layer, cause, severity,
 * state, regions): the evidence is a round of {@link Rounds#originRefusing} from each region, the
 * rest is the real rendering ({@link Alert#of}, {@link AlertMessage#of}).
 */
public final class Alerts {
  private static final RoundSlot SLOT =
      RoundSlot.containing(Instant.parse("2026-11-24T09:01:30Z"), Duration.ofMinutes(1));

  private Alerts() {}

  /** The message of transition 1 (OPENED) or 2 (UPDATED, RESOLVED) of an incident of the target. */
  public static AlertMessage message(
      String target,
      TransitionKind state,
      Layer layer,
      Cause cause,
      Severity severity,
      String... regions) {
    return AlertMessage.of(alert(target, state, layer, cause, severity, regions));
  }

  public static Alert alert(
      String target,
      TransitionKind state,
      Layer layer,
      Cause cause,
      Severity severity,
      String... regions) {
    List<RegionRound> rounds =
        List.of(regions).stream()
            .map(r -> new RegionRound(Rounds.originRefusing(target, SLOT, r), Map.of()))
            .toList();
    Verdict verdict =
        Attribution.attribute(
            AttributionInput.of(Rounds.target(target), SLOT, rounds, SLOT.start().plusSeconds(30)));
    Signature signature =
        new Signature(
            layer,
            cause,
            severity,
            regions.length > 1 ? Scope.ALL_REGIONS : Scope.REGIONAL,
            List.of(regions));
    Transition transition =
        new Transition(
            target,
            Incidents.incidentId(target, SLOT),
            state == TransitionKind.OPENED ? 1 : 2,
            state,
            SLOT,
            signature,
            Optional.empty());
    return Alert.of(transition, verdict);
  }

  /**
   * The OPENED alert of a target with a CDN, a load balancer and {@code instances} origin
   * instances, every path answering 502 with an error page of {@code pageBytes} bytes and
   * correlation ids of {@code idChars} characters: the alert that would not fit an SNS message
   * untrimmed.
   */
  public static Alert manyOrigins(String name, int instances, int pageBytes, int idChars) {
    List<PathSpec> origins = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      origins.add(
          path(
              PathKind.ORIGIN,
              i,
              "http://10.0." + (i / 250) + "." + (i % 250 + 1) + ":8080/",
              name));
    }
    Target target =
        new Target(
            name,
            RequestSpec.DEFAULT,
            ExpectSpec.DEFAULT,
            BurstSpec.SINGLE,
            Optional.of(
                PathSpec.of(PathKind.CDN, 0, URI.create("https://" + name + ".example.com/"))),
            Optional.of(path(PathKind.LB, 0, "https://lb.example.net/", name)),
            origins);
    Instant at = SLOT.start().plusSeconds(2);
    List<PathObservation> observations = new ArrayList<>();
    for (PathSpec spec : target.paths()) {
      observations.add(PathObservation.of(failing(name, spec, at, pageBytes, idChars)));
    }
    RoundRecord round =
        new RoundRecord(name, SLOT, "us-east-1", SLOT.start().plusSeconds(1), observations);
    Verdict verdict =
        Attribution.attribute(
            AttributionInput.of(
                target, SLOT, List.of(new RegionRound(round, Map.of())), at.plusSeconds(30)));
    Transition opened =
        new Transition(
            name,
            Incidents.incidentId(name, SLOT),
            1,
            TransitionKind.OPENED,
            SLOT,
            Signature.of(verdict),
            Optional.empty());
    return Alert.of(opened, verdict);
  }

  private static ProbeResult failing(
      String target, PathSpec spec, Instant at, int pageBytes, int idChars) {
    String head = "<html><title>502 Bad Gateway</title><body><h1>" + spec.label() + "</h1><pre>\n";
    byte[] page =
        (head + "x".repeat(Math.max(0, pageBytes - head.length())))
            .getBytes(StandardCharsets.UTF_8);
    CapturedResponse response =
        new CapturedResponse(
            "HTTP/1.1",
            502,
            "Bad Gateway",
            new ResponseHeaders(List.of()),
            page,
            page.length,
            true);
    Map<String, String> correlation = new LinkedHashMap<>();
    correlation.put(
        "X-Amz-Cf-Id", ("cf-" + spec.label() + "-").repeat(idChars).substring(0, idChars));
    correlation.put(
        "X-Amzn-Trace-Id", ("Root=1-" + spec.label() + "-").repeat(idChars).substring(0, idChars));
    return new ProbeResult(
        target,
        spec.kind(),
        spec.instance(),
        spec.url().toString(),
        FailureClass.HTTP_5XX,
        "status 502",
        502,
        "192.0.2.10:443",
        List.of(),
        at,
        "req-" + spec.label(),
        new PhaseTimings(null, 1_000_000L, null, 100_000L, 30_000_000L, 500_000L, 32_000_000L),
        Optional.of(response),
        Optional.empty(),
        correlation,
        Optional.empty(),
        false);
  }

  private static PathSpec path(PathKind kind, int instance, String url, String target) {
    return new PathSpec(
        kind,
        instance,
        URI.create(url),
        Optional.of(target + ".example.com"),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Map.of(),
        List.of());
  }
}
