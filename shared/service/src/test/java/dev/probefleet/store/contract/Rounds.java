package dev.probefleet.store.contract;

import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.FailureClass;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rounds of a CloudFront → ALB → nginx target as the probe function writes them, for the scenarios
 * the analyzer tests play: the origin refusing connections (a 502 written by the ALB, passed on by
 * CloudFront), CloudFront failing on its own, and healthy.
 */
public final class Rounds {
  private static final long MS = 1_000_000L;

  private Rounds() {}

  /** A target with a CDN, a load balancer and one origin instance. */
  public static Target target(String name) {
    return new Target(
        name,
        RequestSpec.DEFAULT,
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.of(PathSpec.of(PathKind.CDN, 0, URI.create(cdnUrl(name)))),
        Optional.of(withHost(PathKind.LB, "https://lb.example.net/health", name)),
        List.of(withHost(PathKind.ORIGIN, "http://10.0.1.23:8080/health", name)));
  }

  /** The origin refuses connections: the ALB answers 502, CloudFront passes that page on. */
  public static RoundRecord originRefusing(String target, RoundSlot slot, String region) {
    Instant at = slot.start().plusSeconds(2);
    return round(
        target,
        slot,
        region,
        answer(target, PathKind.CDN, at, 502, albPage(), cloudfrontHeaders("Error", "awselb/2.0")),
        answer(target, PathKind.LB, at, 502, albPage(), headers("Server", "awselb/2.0")),
        refused(target, at));
  }

  /** CloudFront cannot reach the ALB, which answers directly, as does the origin. */
  public static RoundRecord cdnFailing(String target, RoundSlot slot, String region) {
    Instant at = slot.start().plusSeconds(2);
    return round(
        target,
        slot,
        region,
        answer(
            target,
            PathKind.CDN,
            at,
            502,
            cloudfrontPage(),
            cloudfrontHeaders("Error", "CloudFront")),
        answer(target, PathKind.LB, at, 200, "ok", headers("Server", "nginx/1.24.0")),
        answer(target, PathKind.ORIGIN, at, 200, "ok", headers("Server", "nginx/1.24.0")));
  }

  /** Every path answers 200, written by nginx. */
  public static RoundRecord healthy(String target, RoundSlot slot, String region) {
    Instant at = slot.start().plusSeconds(2);
    return round(
        target,
        slot,
        region,
        answer(target, PathKind.CDN, at, 200, "ok", cloudfrontHeaders("Miss", "nginx/1.24.0")),
        answer(target, PathKind.LB, at, 200, "ok", headers("Server", "nginx/1.24.0")),
        answer(target, PathKind.ORIGIN, at, 200, "ok", headers("Server", "nginx/1.24.0")));
  }

  private static RoundRecord round(
      String target, RoundSlot slot, String region, ProbeResult... results) {
    List<PathObservation> observations = new ArrayList<>();
    for (ProbeResult r : results) {
      observations.add(PathObservation.of(r));
    }
    return new RoundRecord(target, slot, region, slot.start().plusSeconds(1), observations);
  }

  private static ProbeResult answer(
      String target,
      PathKind path,
      Instant at,
      int status,
      String body,
      List<ResponseHeaders.Field> headers) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    CapturedResponse response =
        new CapturedResponse(
            "HTTP/1.1",
            status,
            status == 200 ? "OK" : "Bad Gateway",
            new ResponseHeaders(headers),
            bytes,
            bytes.length,
            true);
    Map<String, String> correlation = new LinkedHashMap<>();
    for (ResponseHeaders.Field f : headers) {
      if (f.name().startsWith("X-Amz") || f.name().equals("Via") || f.name().equals("Server")) {
        correlation.put(f.name(), f.value());
      }
    }
    boolean failing = status >= 500;
    return new ProbeResult(
        target,
        path,
        0,
        url(target, path),
        failing ? FailureClass.HTTP_5XX : FailureClass.OK,
        failing ? "status " + status : "",
        status,
        path == PathKind.ORIGIN ? "10.0.1.23:8080" : "192.0.2.10:443",
        path == PathKind.ORIGIN ? List.of() : List.of("192.0.2.10"),
        at,
        "req-" + target + "-" + path.key(),
        new PhaseTimings(
            path == PathKind.ORIGIN ? null : 2 * MS,
            1 * MS,
            path == PathKind.ORIGIN ? null : 4 * MS,
            MS / 10,
            30 * MS,
            MS / 2,
            38 * MS),
        Optional.of(response),
        Optional.empty(),
        correlation,
        Optional.empty(),
        false);
  }

  private static ProbeResult refused(String target, Instant at) {
    return new ProbeResult(
        target,
        PathKind.ORIGIN,
        0,
        url(target, PathKind.ORIGIN),
        FailureClass.CONNECTION_REFUSED,
        "connection refused by 10.0.1.23:8080",
        null,
        "10.0.1.23:8080",
        List.of(),
        at,
        "req-" + target + "-origin",
        new PhaseTimings(null, 1 * MS, null, null, null, null, 1 * MS),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        false);
  }

  private static String url(String target, PathKind path) {
    return switch (path) {
      case CDN -> cdnUrl(target);
      case LB -> "https://lb.example.net/health";
      case ORIGIN -> "http://10.0.1.23:8080/health";
    };
  }

  private static String cdnUrl(String target) {
    return "https://" + target + ".example.com/health";
  }

  private static PathSpec withHost(PathKind kind, String url, String target) {
    return new PathSpec(
        kind,
        0,
        URI.create(url),
        Optional.of(target + ".example.com"),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Map.of(),
        List.of());
  }

  private static List<ResponseHeaders.Field> headers(String... nameValues) {
    List<ResponseHeaders.Field> fields = new ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.add(new ResponseHeaders.Field(nameValues[i], nameValues[i + 1]));
    }
    return fields;
  }

  private static List<ResponseHeaders.Field> cloudfrontHeaders(String cache, String server) {
    return headers(
        "Server", server,
        "Content-Type", "text/html",
        "X-Cache", cache + " from cloudfront",
        "Via", "1.1 3f1c0a5b2e.cloudfront.net (CloudFront)",
        "X-Amz-Cf-Pop", "IAD89-C1",
        "X-Amz-Cf-Id", "Qw3rTy-cf-id==");
  }

  private static String albPage() {
    return "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
        + "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
  }

  private static String cloudfrontPage() {
    return "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" "
        + "\"http://www.w3.org/TR/html4/loose.dtd\">\n<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" "
        + "CONTENT=\"text/html; charset=iso-8859-1\">\n<TITLE>ERROR: The request could not be "
        + "satisfied</TITLE>\n</HEAD><BODY>\n<H1>502 ERROR</H1>\n<H2>The request could not be "
        + "satisfied.</H2>\n<HR noshade size=\"1px\">\nCloudFront wasn't able to connect to the "
        + "origin.\n<BR clear=\"all\">\n<HR noshade size=\"1px\">\n<PRE>\nGenerated by cloudfront "
        + "(CloudFront)\nRequest ID: Qw3rTy-cf-id==\n</PRE>\n<ADDRESS>\n</ADDRESS>\n</BODY></HTML>";
  }
}
