package dev.probefleet.attribution.internal;

import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One configured path as one region saw it: its spec, its samples, the fingerprint of its
 * representative response and the generator it usually runs.
 *
 * @param spec the configured path
 * @param observation the samples of this round
 * @param fingerprint the representative response's fingerprint, if the caller computed one
 * @param baseline the generator learned from the path's healthy responses, if known
 * @param region the region whose samples these are (another region's for a borrowed origin)
 * @param usualTtfb the path's usual time to first byte, learned from earlier healthy rounds
 */
public record Member(
    PathSpec spec,
    PathObservation observation,
    Optional<Fingerprint> fingerprint,
    Optional<String> baseline,
    String region,
    Optional<Long> usualTtfb) {

  /** A member without a learned latency. */
  public Member(
      PathSpec spec,
      PathObservation observation,
      Optional<Fingerprint> fingerprint,
      Optional<String> baseline,
      String region) {
    this(spec, observation, fingerprint, baseline, region, Optional.empty());
  }

  /** The cause the representative page pins by itself, per its fingerprint's meaning. */
  public Optional<Cause> pageCause() {
    return fingerprint.flatMap(Fingerprint::pageCause);
  }

  /** The sample that stands for the path: the first failing one, else the first. */
  public ProbeResult sample() {
    return observation.representative();
  }

  public FailureClass failureClass() {
    return sample().failureClass();
  }

  public boolean failing() {
    return observation.samples().stream().anyMatch(ProbeResult::failing);
  }

  /** Some samples failed, some did not. */
  public boolean intermittent() {
    return observation.intermittent();
  }

  public double rate() {
    return observation.failureRate();
  }

  public int failures() {
    return (int) observation.samples().stream().filter(ProbeResult::failing).count();
  }

  public int samples() {
    return observation.samples().size();
  }

  public List<ProbeResult> healthySamples() {
    return observation.samples().stream().filter(r -> !r.failing()).toList();
  }

  public String label() {
    return spec.label();
  }

  public PathKind kind() {
    return spec.kind();
  }

  public Layer layer() {
    return Node.layerOf(spec.kind());
  }

  /** The status of the representative sample, or null. */
  public Integer status() {
    return sample().status();
  }

  /** Who wrote the representative response, if fingerprinted and known. */
  public Optional<String> generator() {
    return fingerprint.filter(Fingerprint::known).map(Fingerprint::generator);
  }

  /**
   * Everything a page says about itself: fingerprint meaning, reason phrase and body, lower case.
   */
  public String pageText() {
    // Only what the page itself says. The fingerprint's meaning is written for people and, for an
    // ambiguous page such as nginx's bare 502, lists every possible cause ("… or no live
    // upstreams"): matching phrases in it would pick one of them at random.
    StringBuilder text = new StringBuilder();
    sample().response().ifPresent(r -> text.append(r.reason()).append('\n').append(r.bodyText()));
    return text.toString().toLowerCase(Locale.ROOT);
  }

  /** The {@code ip:port} connected to, else what the spec says it would connect to. */
  public String address() {
    String remote = sample().remoteAddress();
    if (remote != null) {
      return remote;
    }
    String host = spec.resolve().map(a -> a.getHostAddress()).orElse(spec.urlHost());
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + spec.port();
  }
}
