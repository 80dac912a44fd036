package dev.probefleet.store;

import dev.probefleet.fingerprint.PathBaseline;
import java.time.Instant;
import java.util.Objects;

/**
 * A path's learned baseline as stored, with the newest round slot it learned from: a slot is
 * learned from once, so a retried or duplicated analysis does not count the same answers twice.
 *
 * @param path the path label ({@code cdn}, {@code lb}, {@code origin[0]})
 * @param baseline what the path's healthy answers looked like
 * @param learnedThrough the start of the newest slot learned from
 */
public record LearnedBaseline(String path, PathBaseline baseline, Instant learnedThrough) {
  public LearnedBaseline {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(learnedThrough, "learnedThrough");
  }
}
