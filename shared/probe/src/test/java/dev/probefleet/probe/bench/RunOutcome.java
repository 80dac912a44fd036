package dev.probefleet.probe.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code probefleet run --output json} printed: one JSON document per round and line.
 *
 * @param rounds the rounds, in order
 */
record RunOutcome(List<Round> rounds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One round's line.
   *
   * @param paths paths probed
   * @param failing paths that failed
   * @param unprobed paths not probed before the round's deadline
   * @param notNone targets whose verdict is not {@code NONE} (on a healthy server: false failures)
   * @param proberCpuMs the process's CPU while the round's probes ran ({@code prober.cpu_ms})
   * @param overloaded paths reported "prober overloaded"
   */
  record Round(
      int paths, int failing, int unprobed, int notNone, long proberCpuMs, int overloaded) {}

  /**
   * Parses the output.
   *
   * @throws IllegalArgumentException naming what is not a round line
   */
  static RunOutcome parse(String stdout) {
    List<Round> rounds = new ArrayList<>();
    for (String line : stdout.strip().lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode round;
      try {
        round = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("not a JSON line: " + abbreviate(line), e);
      }
      if (round.has("failed")) {
        throw new IllegalArgumentException(
            "round " + round.path("round").asInt() + " failed: " + round.path("failed").asText());
      }
      if (!round.path("prober").isObject() || !round.path("targets").isArray()) {
        throw new IllegalArgumentException(
            "a round line without prober or targets: " + abbreviate(line));
      }
      int notNone = 0;
      for (JsonNode target : round.path("targets")) {
        if (!"NONE".equals(target.path("verdict").path("layer").asText())) {
          notNone++;
        }
      }
      rounds.add(
          new Round(
              round.path("paths").asInt(),
              round.path("failing").asInt(),
              round.path("unprobed").asInt(),
              notNone,
              round.path("prober").path("cpu_ms").asLong(),
              round.path("prober").path("overloaded").asInt()));
    }
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no round line");
    }
    return new RunOutcome(List.copyOf(rounds));
  }

  /** Targets with a verdict other than NONE, over every round. */
  int notNone() {
    return rounds.stream().mapToInt(Round::notNone).sum();
  }

  int failing() {
    return rounds.stream().mapToInt(Round::failing).sum();
  }

  int unprobed() {
    return rounds.stream().mapToInt(Round::unprobed).sum();
  }

  int overloaded() {
    return rounds.stream().mapToInt(Round::overloaded).sum();
  }

  /** The prober's CPU per path-probe over the rounds after the first, in ms; NaN with one round. */
  double laterProberMsPerProbe() {
    long cpu = 0;
    long paths = 0;
    for (Round r : rounds.subList(1, rounds.size())) {
      cpu += r.proberCpuMs();
      paths += r.paths();
    }
    return paths == 0 ? Double.NaN : (double) cpu / paths;
  }

  private static String abbreviate(String line) {
    return line.length() <= 120 ? line : line.substring(0, 120) + "…";
  }
}
