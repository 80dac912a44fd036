package dev.probefleet.scenario;

import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.attribution.Baselines;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target and what each region's round saw, written as the scenario it plays:
 *
 * <pre>{@code
 * Scenario.paths(CDN, LB, ORIGIN)
 *     .cdn(status(502).page("nginx", "bad gateway"))
 *     .lb(ok())
 *     .origin(ok())
 *     .verdict();
 * }</pre>
 *
 * Paths: cdn {@code https://shop.example.com/health}, lb {@code https://lb.example.net/health} with
 * Host {@code shop.example.com}, origin i {@code http://10.0.1.(23+i):8080/health}. Samples go to
 * the current region ({@code us-east-1} until {@link #in} says otherwise); several samples for one
 * path are a burst.
 */
public final class Scenario {
  public static final Instant NOW = Instant.parse("2026-11-24T09:01:30Z");
  public static final RoundSlot SLOT = RoundSlot.containing(NOW, Duration.ofMinutes(1));
  public static final String TARGET = "shop";

  private Optional<PathSpec> cdn = Optional.empty();
  private Optional<PathSpec> lb = Optional.empty();
  private final List<PathSpec> origins = new ArrayList<>();
  private final Map<String, Map<String, Sample[]>> regions = new LinkedHashMap<>();
  private final Map<String, String> baselines = new LinkedHashMap<>();
  private final Map<String, Long> usualTtfb = new LinkedHashMap<>();
  private Map<String, HeaderValue> requestHeaders = Map.of();
  private String region = "us-east-1";
  private RoundSlot slot = SLOT;

  private Scenario() {}

  /** A target with these paths configured; {@code ORIGIN} once per instance. */
  public static Scenario paths(PathKind... kinds) {
    Scenario s = new Scenario();
    for (PathKind kind : kinds) {
      switch (kind) {
        case CDN ->
            s.cdn =
                Optional.of(
                    PathSpec.of(PathKind.CDN, 0, URI.create("https://shop.example.com/health")));
        case LB ->
            s.lb =
                Optional.of(withHost(PathKind.LB, 0, "https://lb.example.net/health", List.of()));
        case ORIGIN -> {
          int i = s.origins.size();
          s.origins.add(
              withHost(
                  PathKind.ORIGIN, i, "http://10.0.1." + (23 + i) + ":8080/health", List.of()));
        }
      }
    }
    return s;
  }

  /** Every path, one origin. */
  public static Scenario fullChain() {
    return paths(PathKind.CDN, PathKind.LB, PathKind.ORIGIN);
  }

  /** Limits an origin to some regions ({@code probeFrom}). */
  public Scenario originProbedFrom(int instance, String... fromRegions) {
    PathSpec o = origins.get(instance);
    origins.set(
        instance, withHost(PathKind.ORIGIN, instance, o.url().toString(), List.of(fromRegions)));
    return this;
  }

  /** Replaces an origin's URL (e.g. a host name instead of an IP). */
  public Scenario originUrl(int instance, String url) {
    origins.set(
        instance, withHost(PathKind.ORIGIN, instance, url, origins.get(instance).probeFrom()));
    return this;
  }

  /** Replaces the load balancer's URL (e.g. plain {@code http://} instead of TLS). */
  public Scenario lbUrl(String url) {
    lb = Optional.of(withHost(PathKind.LB, 0, url, List.of()));
    return this;
  }

  /** Request headers the target sends (to prove they never leak). */
  public Scenario requestHeaders(Map<String, HeaderValue> headers) {
    this.requestHeaders = headers;
    return this;
  }

  /** Following samples are this region's. */
  public Scenario in(String name) {
    this.region = name;
    regions.computeIfAbsent(name, k -> new LinkedHashMap<>());
    return this;
  }

  /** Following samples belong to another slot. */
  public Scenario at(RoundSlot roundSlot) {
    this.slot = roundSlot;
    return this;
  }

  public Scenario cdn(Sample... samples) {
    return put("cdn", samples);
  }

  public Scenario lb(Sample... samples) {
    return put("lb", samples);
  }

  /** The next origin instance's samples. */
  public Scenario origin(Sample... samples) {
    Map<String, Sample[]> r = regions.computeIfAbsent(region, k -> new LinkedHashMap<>());
    int next = (int) r.keySet().stream().filter(k -> k.startsWith("origin[")).count();
    return put("origin[" + next + "]", samples);
  }

  /** The generator a path's healthy answers come from. */
  public Scenario baseline(String path, String generator) {
    baselines.put(path, generator);
    return this;
  }

  /** The usual time to first byte of a path's healthy answers, as learned in earlier rounds. */
  public Scenario usualTtfbMs(String path, double millis) {
    usualTtfb.put(path, Math.round(millis * 1_000_000));
    return this;
  }

  public Target target() {
    return new Target(
        TARGET,
        new RequestSpec("GET", requestHeaders),
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        cdn,
        lb,
        origins);
  }

  public List<RegionRound> rounds() {
    Target target = target();
    List<RegionRound> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Sample[]>> r : regions.entrySet()) {
      List<PathObservation> observations = new ArrayList<>();
      Map<String, Fingerprint> fingerprints = new LinkedHashMap<>();
      for (PathSpec spec : target.paths()) {
        Sample[] samples = r.getValue().get(spec.label());
        if (samples == null) {
          continue;
        }
        List<ProbeResult> results = new ArrayList<>();
        for (int i = 0; i < samples.length; i++) {
          results.add(samples[i].build(TARGET, spec, r.getKey(), slot.start().plusSeconds(2), i));
        }
        observations.add(
            new PathObservation(spec.kind(), spec.instance(), spec.url().toString(), results));
        Sample representative = representative(samples);
        representative.fingerprint().ifPresent(f -> fingerprints.put(spec.label(), f));
      }
      RoundRecord record =
          new RoundRecord(TARGET, slot, r.getKey(), slot.start().plusSeconds(1), observations);
      out.add(new RegionRound(record, fingerprints));
    }
    return out;
  }

  public AttributionInput input() {
    return AttributionInput.of(target(), slot, rounds(), NOW)
        .withBaselines(new Baselines(baselines, usualTtfb));
  }

  public Verdict verdict() {
    return Attribution.attribute(input());
  }

  private Scenario put(String path, Sample... samples) {
    regions.computeIfAbsent(region, k -> new LinkedHashMap<>()).put(path, samples);
    return this;
  }

  private static Sample representative(Sample[] samples) {
    for (Sample s : samples) {
      if (s.failing()) {
        return s;
      }
    }
    return samples[0];
  }

  private static PathSpec withHost(
      PathKind kind, int instance, String url, List<String> probeFrom) {
    return new PathSpec(
        kind,
        instance,
        URI.create(url),
        Optional.of("shop.example.com"),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Map.of(),
        probeFrom);
  }

  @Override
  public String toString() {
    return "Scenario" + regions.keySet();
  }
}
