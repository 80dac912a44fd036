package dev.probefleet.lab.topology;

import dev.probefleet.captures.Software;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a hop noted about one failed exchange with its upstream, and the line the real software
 * wrote to its log for the same failure when the recordings have one.
 *
 * <p>The recorded line is the one captured from the real software on the recording machine, so its
 * time stamp, process id, client and upstream addresses are that recording's, not this lab's; it is
 * there to show what the software says about such a failure. It is empty where no recording covers
 * the failure exactly (e.g. a reset, a TLS failure between hops, a connect timeout) — it is never
 * written from memory.
 *
 * @param at when the hop gave up
 * @param hop the hop's name, e.g. {@code lb}
 * @param software the software the hop behaves like
 * @param failure what went wrong
 * @param upstream the upstream server it was talking to, empty when none was chosen
 * @param status the status of the error page the hop answered, empty when the failure came after
 *     the response head (the connection was cut instead)
 * @param recordedLine the real software's log line for this failure, if recorded
 */
public record HopLogLine(
    Instant at,
    String hop,
    Software software,
    UpstreamFailure failure,
    Optional<InetSocketAddress> upstream,
    Optional<Integer> status,
    Optional<String> recordedLine) {

  public HopLogLine {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(hop, "hop");
    Objects.requireNonNull(software, "software");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(recordedLine, "recordedLine");
  }
}
