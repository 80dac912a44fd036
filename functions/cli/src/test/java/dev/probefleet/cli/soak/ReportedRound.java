package dev.probefleet.cli.soak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One round as {@code run --output json} reported it on its line (schemaVersion 1): which slot,
 * when it started and how long it took, how many slots it skipped, what its probes found — or that
 * it failed.
 *
 * @param number the round's number, from 1
 * @param slot the start of the slot it ran for
 * @param startedAt when it started (absent for a failed round)
 * @param took how long it took (zero for a failed round)
 * @param slow whether it ran past its slot, as {@code run} judged
 * @param skippedSlots slots skipped before it because the one before ran long
 * @param paths paths probed
 * @param failing paths failing
 * @param unprobed paths not probed in time
 * @param failure why the round failed, when it did
 */
record ReportedRound(
    int number,
    Instant slot,
    Optional<Instant> startedAt,
    Duration took,
    boolean slow,
    int skippedSlots,
    int paths,
    int failing,
    int unprobed,
    Optional<String> failure) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The round a line of {@code run --output json} reports. */
  static ReportedRound parse(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new SoakException("run printed a line that is not JSON: " + abbreviate(line), e);
    }
    if (n == null || !n.has("round") || !n.has("slot")) {
      throw new SoakException(
          "run printed a JSON line without round and slot: " + abbreviate(line));
    }
    int number = n.get("round").asInt();
    Instant slot = Instant.parse(n.get("slot").asText());
    if (n.has("failed")) {
      return new ReportedRound(
          number,
          slot,
          Optional.empty(),
          Duration.ZERO,
          false,
          0,
          0,
          0,
          0,
          Optional.of(n.get("failed").asText()));
    }
    return new ReportedRound(
        number,
        slot,
        Optional.of(Instant.parse(n.get("started_at").asText())),
        Duration.ofMillis(n.get("took_ms").asLong()),
        n.get("slow").asBoolean(),
        n.get("skipped_slots").size(),
        n.get("paths").asInt(),
        n.get("failing").asInt(),
        n.get("unprobed").asInt(),
        Optional.empty());
  }

  /** When it ended; for a failed round, nothing is known. */
  Optional<Instant> endedAt() {
    return startedAt.map(s -> s.plus(took));
  }

  private static String abbreviate(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
