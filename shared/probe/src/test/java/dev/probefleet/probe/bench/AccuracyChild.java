package dev.probefleet.probe.bench;

import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probe.ProbeTask;
import dev.probefleet.probe.RoundOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The probe client's side of the timing-accuracy benchmark, in its own JVM. For every line read
 * from stdin, {@code probe <url>} or {@code round <url>}, it runs one probe and answers with one
 * line, {@code <ttfb nanoseconds> <failure class>} ({@code - <class>} when no ttfb was measured).
 * {@code probe} calls {@link ProbeClient#probe} on this (platform) thread; {@code round} calls
 * {@link ProbeClient#round} with the one task, which probes on a virtual thread as a fleet round
 * does. The parent paces the probes, one at a time, interleaved with curl's.
 */
public final class AccuracyChild {
  private AccuracyChild() {}

  public static void main(String[] args) throws Exception {
    ProbeClient client = ProbeClient.builder().build();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null && !line.isBlank(); ) {
      String[] words = line.split(" ");
      ProbeTask task =
          ProbeTask.of("accuracy", PathSpec.of(PathKind.ORIGIN, 0, URI.create(words[1])));
      Instant deadline = Instant.now().plusSeconds(30);
      ProbeResult result =
          switch (words[0]) {
            case "probe" -> client.probe(task, deadline).samples().get(0);
            case "round" -> {
              RoundOutcome outcome = client.round(List.of(task), deadline);
              yield outcome.observations().isEmpty()
                  ? null
                  : outcome.observations().get(0).samples().get(0);
            }
            default -> throw new IllegalArgumentException("unknown mode " + words[0]);
          };
      if (result == null) {
        out.println("- NOT_OBSERVED");
      } else {
        Long ttfb = result.timings().ttfb();
        out.println((ttfb == null ? "-" : ttfb.toString()) + " " + result.failureClass());
      }
      out.flush();
    }
  }
}
