package dev.probefleet.probe.bench;

import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.model.PathKind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The throughput round: 1,000 targets × 3 paths, each probe its own URL ({@code /t0042/lb}) on one
 * lab server. The server answers {@code 200 ok} after a 100 ms first-byte delay and closes the
 * connection, so every contender opens a fresh connection per probe, as it would for 3,000 distinct
 * hosts; a client that pools connections gains nothing from the shared port. One server (not one
 * per path) so that its peak of concurrent requests is the contender's true peak.
 */
final class Workload {
  static final int TARGETS = 1000;
  static final Duration FIRST_BYTE_DELAY = Duration.ofMillis(100);
  static final Reply REPLY = Reply.ok().withFirstByteDelay(FIRST_BYTE_DELAY).withCloseConnection();

  /**
   * One probe of the round.
   *
   * @param target the target's name, e.g. {@code t0042}
   * @param kind the path
   * @param url what to request
   */
  record Probe(String target, PathKind kind, URI url) {}

  private Workload() {}

  /** A fresh server for one contender. */
  static FaultHttpServer startServer() {
    return FaultHttpServer.start(REPLY);
  }

  /** The 3,000 probes against the server on this port, target by target. */
  static List<Probe> probes(int port) {
    List<Probe> probes = new ArrayList<>(TARGETS * PathKind.values().length);
    for (int t = 0; t < TARGETS; t++) {
      String target = String.format("t%04d", t);
      for (PathKind kind : PathKind.values()) {
        URI url = URI.create("http://127.0.0.1:" + port + "/" + target + "/" + kind.key());
        probes.add(new Probe(target, kind, url));
      }
    }
    return probes;
  }
}
