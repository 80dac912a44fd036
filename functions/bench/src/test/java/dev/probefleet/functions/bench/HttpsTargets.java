package dev.probefleet.functions.bench;

import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lab.server.ServerTls;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Target;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Targets whose three paths (cdn, lb, origin) are HTTPS URLs of one loopback TLS server with a
 * certificate from a CA minted here (its bundle travels in each target, as {@code caFile} would):
 * every probe is a full TLS handshake (the probe client never resumes a session) and a {@code GET}
 * answered {@code 200 ok} after a fixed delay, each path with its own URL. As {@code make
 * bench-cost} probes.
 */
final class HttpsTargets implements AutoCloseable {
  private final FaultHttpServer server;
  private final CaBundle ca;

  private HttpsTargets(FaultHttpServer server, CaBundle ca) {
    this.server = server;
    this.ca = ca;
  }

  static HttpsTargets start(Duration answerDelay) {
    CertificateAuthority authority = CertificateAuthority.create("probefleet bench-functions CA");
    IssuedCertificate certificate = authority.issue("localhost", "127.0.0.1");
    FaultHttpServer server =
        FaultHttpServer.builder()
            .tls(ServerTls.of(certificate.privateKey(), certificate.chain()))
            .backlog(1024)
            .reply(Reply.ok().withBody("ok").withFirstByteDelay(answerDelay))
            .start();
    return new HttpsTargets(server, new CaBundle("bench-ca.pem", authority.certificatePem()));
  }

  /** {@code count} targets named {@code <prefix>00000} … with their three HTTPS paths. */
  List<Target> targets(String prefix, int count) {
    List<Target> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(target(String.format("%s%05d", prefix, i)));
    }
    return out;
  }

  /**
   * The URLs of the same targets' paths as another prober would be given them: {@code localhost}
   * (which the certificate names), the server's port, each path.
   */
  List<URI> urls(String prefix, int count) {
    URI base = server.url("/");
    List<URI> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("%s%05d", prefix, i);
      for (String path : List.of("cdn", "lb", "origin")) {
        out.add(URI.create("https://localhost:" + base.getPort() + "/" + name + "/" + path));
      }
    }
    return out;
  }

  /** The PEM of the CA that issued the server's certificate. */
  String caPem() {
    return ca.pem();
  }

  int requestCount() {
    return server.requestCount();
  }

  private Target target(String name) {
    URI base = server.url("/");
    return new Target(
        name,
        RequestSpec.DEFAULT,
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.of(path(PathKind.CDN, base, name + "/cdn")),
        Optional.of(path(PathKind.LB, base, name + "/lb")),
        List.of(path(PathKind.ORIGIN, base, name + "/origin")));
  }

  private PathSpec path(PathKind kind, URI base, String path) {
    return new PathSpec(
        kind,
        0,
        base.resolve("/" + path),
        Optional.of("localhost"),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.of(ca),
        Optional.of(Duration.ofSeconds(10)),
        List.of(),
        Map.of(),
        List.of());
  }

  @Override
  public void close() {
    server.close();
  }
}
