package dev.probefleet.store.contract;

import dev.probefleet.model.AddressRange;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.ResponseHeaders;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.model.TlsSession;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Model values for the adapter tests, as a real round would carry them. */
public final class Samples {
  public static final Duration MINUTE = Duration.ofMinutes(1);

  private Samples() {}

  public static Target target(String name) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put("Accept", new HeaderValue.Literal("text/html"));
    headers.put(
        "Authorization",
        new HeaderValue.Secret(HeaderValue.Secret.Source.SSM, "/probefleet/token"));
    PathSpec cdn =
        PathSpec.of(PathKind.CDN, 0, URI.create("https://" + name + ".example.com/health"));
    PathSpec lb =
        new PathSpec(
            PathKind.LB,
            0,
            URI.create("https://my-alb-123.us-east-1.elb.amazonaws.com/health"),
            Optional.of(name + ".example.com"),
            Optional.empty(),
            Optional.of(address("10.0.0.5")),
            false,
            Optional.of(
                new CaBundle(
                    "ca/private.pem",
                    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")),
            Optional.of(Duration.ofSeconds(5)),
            List.of(AddressRange.parse("10.0.0.0/16")),
            Map.of("X-Probe", new HeaderValue.Secret(HeaderValue.Secret.Source.ENV, "PROBE")),
            List.of("us-east-1", "eu-west-1"));
    PathSpec origin =
        new PathSpec(
            PathKind.ORIGIN,
            0,
            URI.create("http://10.0.1.23:8080/health"),
            Optional.of(name + ".example.com"),
            Optional.empty(),
            Optional.empty(),
            true,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Map.of(),
            List.of("us-east-1"));
    return new Target(
        name,
        new RequestSpec("GET", headers),
        new ExpectSpec(List.of(200), Optional.of("ok")),
        new BurstSpec(3),
        Optional.of(cdn),
        Optional.of(lb),
        List.of(origin));
  }

  public static RoundSlot slot(String start) {
    return RoundSlot.containing(Instant.parse(start), MINUTE);
  }

  public static RoundRecord round(String target, String slotStart, String region, int cdnStatus) {
    RoundSlot slot = slot(slotStart);
    ProbeResult cdn = result(target, PathKind.CDN, 0, cdnStatus, slot.start(), 2048);
    ProbeResult lb = result(target, PathKind.LB, 0, 200, slot.start(), 10);
    ProbeResult origin = result(target, PathKind.ORIGIN, 0, 200, slot.start(), 10);
    return new RoundRecord(
        target,
        slot,
        region,
        slot.start().plusMillis(120),
        List.of(
            PathObservation.of(cdn),
            new PathObservation(PathKind.LB, 0, lb.url(), List.of(lb, lb)),
            PathObservation.of(origin)));
  }

  public static ProbeResult result(
      String target, PathKind path, int instance, int status, Instant at, int bodyBytes) {
    byte[] body =
        "<html><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></html>"
            .repeat(Math.max(1, bodyBytes / 80))
            .getBytes(StandardCharsets.UTF_8);
    CapturedResponse response =
        new CapturedResponse(
            "HTTP/1.1",
            status,
            status == 200 ? "OK" : "Bad Gateway",
            new ResponseHeaders(
                List.of(
                    new ResponseHeaders.Field("Server", "nginx/1.22.1"),
                    new ResponseHeaders.Field("Set-Cookie", "a=1"),
                    new ResponseHeaders.Field("Set-Cookie", "b=2"))),
            body,
            body.length,
            true);
    TlsSession tls =
        new TlsSession(
            "TLSv1.3",
            "TLS_AES_128_GCM_SHA256",
            target + ".example.com",
            List.of(
                new CertificateInfo(
                    "CN=" + target + ".example.com",
                    List.of(target + ".example.com"),
                    "CN=Test CA",
                    Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2027-01-01T00:00:00Z"),
                    "ab12")),
            Optional.empty(),
            true);
    FailureClass cls = status >= 500 ? FailureClass.HTTP_5XX : FailureClass.OK;
    return new ProbeResult(
        target,
        path,
        instance,
        path == PathKind.ORIGIN
            ? "http://10.0.1.23:8080/health"
            : "https://" + target + ".example.com/health",
        cls,
        cls == FailureClass.OK ? "" : "status " + status,
        status,
        "127.0.0.1:443",
        List.of("127.0.0.1"),
        at,
        "req-" + path.key(),
        new PhaseTimings(
            path == PathKind.ORIGIN ? null : 1_500_000L,
            2_000_000L,
            path == PathKind.ORIGIN ? null : 3_000_000L,
            100_000L,
            40_000_000L,
            500_000L,
            47_100_000L),
        Optional.of(response),
        path == PathKind.ORIGIN ? Optional.empty() : Optional.of(tls),
        Map.of("X-Amz-Cf-Id", "cf-123", "Via", "1.1 abc.cloudfront.net (CloudFront)"),
        Optional.empty(),
        false,
        headerBlock(response));
  }

  /** The size of a response's header block as a probe would count it (CRLF line ends). */
  static int headerBlock(CapturedResponse r) {
    int size = (r.version() + " " + r.status() + " " + r.reason() + "\r\n").length() + 2;
    for (ResponseHeaders.Field f : r.headers().fields()) {
      size += (f.name() + ": " + f.value() + "\r\n").length();
    }
    return size;
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
