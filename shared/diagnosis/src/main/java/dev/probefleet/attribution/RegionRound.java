package dev.probefleet.attribution;

import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.RoundRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One region's round of a target with the fingerprint of each path's representative response
 * ({@link dev.probefleet.model.PathObservation#representative()}), as the caller computed it.
 *
 * @param record the round record
 * @param fingerprints by path label ({@code cdn}, {@code lb}, {@code origin[0]}); a path without a
 *     response, or not fingerprinted, is simply absent
 */
public record RegionRound(RoundRecord record, Map<String, Fingerprint> fingerprints) {
  public RegionRound {
    Objects.requireNonNull(record, "record");
    fingerprints = Collections.unmodifiableMap(new LinkedHashMap<>(fingerprints));
  }

  /** A round without fingerprints. */
  public static RegionRound of(RoundRecord record) {
    return new RegionRound(record, Map.of());
  }

  /** The same round with one more fingerprint. */
  public RegionRound withFingerprint(String pathLabel, Fingerprint fingerprint) {
    Map<String, Fingerprint> all = new LinkedHashMap<>(fingerprints);
    all.put(pathLabel, fingerprint);
    return new RegionRound(record, all);
  }

  /** The region that probed. */
  public String region() {
    return record.region();
  }

  /** The fingerprint of a path's representative response, if given. */
  public Optional<Fingerprint> fingerprint(String pathLabel) {
    return Optional.ofNullable(fingerprints.get(pathLabel));
  }
}
