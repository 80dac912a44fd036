package dev.probefleet.probe.internal;

import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.TlsSession;
import dev.probefleet.probe.ProbeTask;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one sample has seen so far; becomes a {@link ProbeResult} when the sample ends. */
final class ResultBuilder {
  private final ProbeTask task;
  private final String requestId;
  private final Instant probedAt;
  private final long startNanos;

  Long dns;
  Long connect;
  Long tls;
  Long requestWrite;
  Long ttfb;
  Long download;
  Integer status;
  String remoteAddress;
  List<String> resolvedAddresses = List.of();
  CapturedResponse response;
  TlsSession tlsSession;
  Map<String, String> correlation = Map.of();
  String location;
  boolean connectionReused;
  Integer headerBytes;

  ResultBuilder(ProbeTask task, String requestId, Instant probedAt, long startNanos) {
    this.task = task;
    this.requestId = requestId;
    this.probedAt = probedAt;
    this.startNanos = startNanos;
  }

  String requestId() {
    return requestId;
  }

  /** Takes over what a reused connection already knows. */
  void reusing(Connection connection) {
    remoteAddress = connection.remoteAddress;
    resolvedAddresses = connection.resolvedAddresses;
    tlsSession = connection.tls;
    connectionReused = true;
  }

  ProbeResult build(FailureClass failureClass, String detail) {
    long total = System.nanoTime() - startNanos;
    return new ProbeResult(
        task.target(),
        task.path().kind(),
        task.path().instance(),
        task.path().url().toString(),
        failureClass,
        detail,
        status,
        remoteAddress,
        resolvedAddresses,
        probedAt,
        requestId,
        new PhaseTimings(dns, connect, tls, requestWrite, ttfb, download, total),
        Optional.ofNullable(response),
        Optional.ofNullable(tlsSession),
        correlation,
        Optional.ofNullable(location),
        connectionReused,
        headerBytes);
  }
}
