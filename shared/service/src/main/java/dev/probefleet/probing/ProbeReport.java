package dev.probefleet.probing;

import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.probe.ProberLoad;
import dev.probefleet.store.WriteReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one scheduled round of one region's shard did.
 *
 * @param region the region that probed
 * @param shard the shard probed
 * @param slot the slot
 * @param rounds the rounds written (or attempted), one per target with a path this region probes
 * @param confirmed paths whose fast confirmation ran
 * @param confirmationSkipped why the confirmation did not run although paths failed, if it did not
 * @param written what the store did with the rounds
 * @param problems paths not probed, and why
 * @param elapsed from the call to its return
 * @param load how loaded the prober itself was while it probed
 */
public record ProbeReport(
    String region,
    Shard shard,
    RoundSlot slot,
    List<RoundRecord> rounds,
    int confirmed,
    java.util.Optional<String> confirmationSkipped,
    WriteReport written,
    List<RoundProblem> problems,
    Duration elapsed,
    ProberLoad load) {
  public ProbeReport {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(slot, "slot");
    rounds = List.copyOf(rounds);
    Objects.requireNonNull(confirmationSkipped, "confirmationSkipped");
    Objects.requireNonNull(written, "written");
    problems = List.copyOf(problems);
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(load, "load");
  }

  /** A report without the prober's load figures. */
  public ProbeReport(
      String region,
      Shard shard,
      RoundSlot slot,
      List<RoundRecord> rounds,
      int confirmed,
      java.util.Optional<String> confirmationSkipped,
      WriteReport written,
      List<RoundProblem> problems,
      Duration elapsed) {
    this(
        region,
        shard,
        slot,
        rounds,
        confirmed,
        confirmationSkipped,
        written,
        problems,
        elapsed,
        ProberLoad.NONE);
  }

  /**
   * What a probe invocation answers and logs: region, shard, slot, counts of targets and paths
   * (probed, failing, unprobed, confirmed), what was written, kept and not written, whether the
   * round is complete, the first 20 problems, the time taken and the prober's own load ({@link
   * ProberLoad#summary()}: its timer's lateness, CPU, GC, paths retried and reported overloaded).
   * Keys are stable.
   */
  public Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("region", region);
    out.put("shard", shard.toString());
    out.put("slot", slot.id());
    out.put("targets", rounds.size());
    out.put("paths", paths());
    out.put("failing", failing());
    out.put("unprobed", unprobed());
    out.put("confirmed", confirmed);
    confirmationSkipped.ifPresent(why -> out.put("confirmationSkipped", why));
    out.put("written", written.written());
    out.put("kept", written.kept().size());
    out.put("notWritten", written.failed().size());
    out.put("complete", complete());
    out.put("problems", problems.stream().limit(20).map(Object::toString).toList());
    out.put("elapsedMs", elapsed.toMillis());
    out.put("prober", load.summary());
    return out;
  }

  /** Paths probed (observations), all rounds together. */
  public int paths() {
    return rounds.stream().mapToInt(r -> r.observations().size()).sum();
  }

  /** Paths whose representative answer failed. */
  public int failing() {
    return (int)
        rounds.stream()
            .flatMap(r -> r.observations().stream())
            .filter(o -> o.representative().failing())
            .count();
  }

  /** Paths that should have been probed and were not. */
  public int unprobed() {
    return rounds.stream().mapToInt(r -> r.unprobed().size()).sum();
  }

  /** Every round probed completely and stored. */
  public boolean complete() {
    return unprobed() == 0 && written.complete();
  }
}
