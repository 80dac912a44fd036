package dev.probefleet.probing;

import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.ResponseHeaders;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.TlsSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What of a round is worth storing. A failing answer keeps everything the probe saw (its page is
 * the evidence a verdict and a person read). A healthy answer keeps what the analyzer and the
 * status need — class, status line, timings, the header block's size (what a proxy in front must
 * buffer), addresses, request id, the fingerprint of who wrote it (the baselines learn from it) and
 * the leaf certificate (expiry is watched) — and drops its headers, body, correlation headers and
 * the rest of the chain: in a fleet almost every answer is healthy, and each stored kilobyte is a
 * write unit paid every slot in every region. One healthy answer is kept whole: the first of a
 * burst whose representative failed, since the round carries no fingerprint of it and the baseline
 * learns the path's software from it.
 */
public final class StoredEvidence {
  private StoredEvidence() {}

  /** The round as it should be stored. */
  public static RoundRecord trim(RoundRecord round) {
    return new RoundRecord(
        round.target(),
        round.slot(),
        round.region(),
        round.startedAt(),
        round.observations().stream().map(StoredEvidence::trim).toList(),
        round.confirmations().stream().map(StoredEvidence::trim).toList(),
        round.unprobed());
  }

  /**
   * The observation of a target with {@code storeBodies: false}: every response keeps its status
   * line and headers (the fingerprint, already taken, stays with the observation) and loses its
   * body; the body's length seen is kept, so the evidence still says how much there was.
   */
  public static PathObservation withoutBodies(PathObservation o) {
    List<ProbeResult> samples = new ArrayList<>();
    for (ProbeResult r : o.samples()) {
      samples.add(
          r.response().isEmpty()
              ? r
              : new ProbeResult(
                  r.target(),
                  r.path(),
                  r.instance(),
                  r.url(),
                  r.failureClass(),
                  r.detail(),
                  r.status(),
                  r.remoteAddress(),
                  r.resolvedAddresses(),
                  r.probedAt(),
                  r.requestId(),
                  r.timings(),
                  r.response().map(StoredEvidence::withoutBody),
                  r.tls(),
                  r.correlation(),
                  r.location(),
                  r.connectionReused()));
    }
    return new PathObservation(o.path(), o.instance(), o.url(), samples, o.fingerprint());
  }

  private static CapturedResponse withoutBody(CapturedResponse r) {
    return new CapturedResponse(
        r.version(),
        r.status(),
        r.reason(),
        r.headers(),
        new byte[0],
        r.bodyBytes(),
        r.bodyComplete());
  }

  private static PathObservation trim(PathObservation o) {
    // The baseline learns a path's software from its first healthy answer. The prober fingerprinted
    // the representative answer only, which for a burst with a failing answer is that failing one:
    // the first healthy answer is then kept whole, for the analyzer to fingerprint.
    int learnedFrom = -1;
    if (o.representative().failing()) {
      for (int i = 0; i < o.samples().size() && learnedFrom < 0; i++) {
        if (!o.samples().get(i).failing()) {
          learnedFrom = i;
        }
      }
    }
    List<ProbeResult> samples = new ArrayList<>();
    for (int i = 0; i < o.samples().size(); i++) {
      samples.add(i == learnedFrom ? o.samples().get(i) : trim(o.samples().get(i)));
    }
    return new PathObservation(o.path(), o.instance(), o.url(), samples, o.fingerprint());
  }

  private static ProbeResult trim(ProbeResult r) {
    if (r.failing()) {
      return r;
    }
    return new ProbeResult(
        r.target(),
        r.path(),
        r.instance(),
        r.url(),
        r.failureClass(),
        r.detail(),
        r.status(),
        r.remoteAddress(),
        r.resolvedAddresses(),
        r.probedAt(),
        r.requestId(),
        r.timings(),
        r.response().map(StoredEvidence::statusLineOnly),
        r.tls().map(StoredEvidence::leafOnly),
        Map.of(),
        r.location(),
        r.connectionReused(),
        r.headerBytes());
  }

  private static CapturedResponse statusLineOnly(CapturedResponse response) {
    return new CapturedResponse(
        response.version(),
        response.status(),
        response.reason(),
        new ResponseHeaders(List.of()),
        new byte[0],
        response.bodyBytes(),
        response.bodyComplete());
  }

  private static TlsSession leafOnly(TlsSession tls) {
    return new TlsSession(
        tls.protocol(),
        tls.cipherSuite(),
        tls.sni(),
        tls.leaf().map(List::of).orElse(List.of()),
        tls.verificationError(),
        tls.nameMatches());
  }
}
