package dev.probefleet.attribution;

import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything attribution needs for one target and one round slot. Pure data: the clock is read by
 * the caller and passed as {@code now}.
 *
 * @param target the target, which says which paths are configured
 * @param slot the round slot
 * @param rounds the round of every region that reported this slot, one per region
 * @param baselines the learned generator of each path
 * @param certificateWarning how close to expiry a certificate is reported (default 14 days)
 * @param now the time certificates' expiry is measured from
 * @throws RoundMismatchException when a round is for another target or slot
 * @throws DuplicateRegionException when a region appears twice
 * @throws NoRoundsException when no region reported
 */
public record AttributionInput(
    Target target,
    RoundSlot slot,
    List<RegionRound> rounds,
    Baselines baselines,
    Duration certificateWarning,
    Instant now) {

  /** Certificates expiring sooner than this are reported unless told otherwise. */
  public static final Duration DEFAULT_CERTIFICATE_WARNING = Duration.ofDays(14);

  public AttributionInput {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(slot, "slot");
    rounds = List.copyOf(rounds);
    Objects.requireNonNull(baselines, "baselines");
    Objects.requireNonNull(certificateWarning, "certificateWarning");
    Objects.requireNonNull(now, "now");
    if (certificateWarning.isNegative()) {
      throw new IllegalArgumentException("certificateWarning is negative: " + certificateWarning);
    }
    if (rounds.isEmpty()) {
      throw new NoRoundsException(target.name(), "no region reported slot " + slot);
    }
    Set<String> seen = new HashSet<>();
    for (RegionRound round : rounds) {
      var record = round.record();
      if (!record.target().equals(target.name()) || !record.slot().equals(slot)) {
        throw new RoundMismatchException(
            target.name(), slot, record.region(), record.target(), record.slot());
      }
      if (!seen.add(record.region())) {
        throw new DuplicateRegionException(target.name(), slot, record.region());
      }
    }
  }

  /** An input with no learned baselines and the default certificate warning. */
  public static AttributionInput of(
      Target target, RoundSlot slot, List<RegionRound> rounds, Instant now) {
    return new AttributionInput(
        target, slot, rounds, Baselines.NONE, DEFAULT_CERTIFICATE_WARNING, now);
  }

  /** The same input with learned baselines. */
  public AttributionInput withBaselines(Baselines learned) {
    return new AttributionInput(target, slot, rounds, learned, certificateWarning, now);
  }

  /** The same input with another certificate-expiry threshold. */
  public AttributionInput withCertificateWarning(Duration threshold) {
    return new AttributionInput(target, slot, rounds, baselines, threshold, now);
  }
}
