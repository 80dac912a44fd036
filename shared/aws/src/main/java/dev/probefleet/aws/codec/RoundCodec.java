package dev.probefleet.aws.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.ResponseHeaders;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.TlsSession;
import dev.probefleet.model.UnprobedPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A {@link RoundRecord}'s observations as stored: gzip-compressed JSON, version 2 (version 1,
 * without fingerprints, confirmations and unprobed paths, is still read).
 *
 * <pre>{@code
 * {"v": 2,
 *  "observations": [{"path": "cdn", "instance": 0, "url": "…", "samples": [{…}],
 *                    "fp": {"generator": "nginx", "role": "WEB_SERVER", "via": ["cloudfront"],
 *                           "meaning": "…", "score": 0.9, "signals": [["nginx.footer", "BODY", 0.6]],
 *                           "cause": "UPSTREAM_TIMEOUT"}}],   (cause only when the page pins one)
 *  "confirmations": [… same shape …],
 *  "unprobed": [["origin[1]", "not probed: deadline reached"]],
 *  "trimmed": ["bodies: cut to 2048 bytes"]}
 * }</pre>
 *
 * A sample carries {@code "headerBytes"} (the size of its header block) when the probe recorded it;
 * older items without it read as null.
 *
 * <p>The codec stores what it is given: deciding which evidence of a healthy answer is worth
 * keeping is the probe service's job (a healthy answer's body and headers are dropped before it is
 * written, its fingerprint kept).
 *
 * <p>DynamoDB items are limited to 400 KB, while a round may carry 64 KiB of captured body per
 * sample. Stored bodies are therefore cut to {@code bodyLimit} bytes (error pages are short; the
 * fingerprinter needs their first few KiB), and {@link #encode} cuts further if the compressed
 * record still exceeds {@code maxBytes}, marking what it cut — never failing the write.
 */
public final class RoundCodec {
  static final int VERSION = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Default stored body bytes per sample. */
  public static final int DEFAULT_BODY_LIMIT = 8 * 1024;

  /** Default ceiling for the compressed record (leaves room for the item's other attributes). */
  public static final int DEFAULT_MAX_BYTES = 300 * 1024;

  private RoundCodec() {}

  /** Encodes the observations, compressed. */
  public static byte[] encode(RoundRecord round, int bodyLimit, int maxBytes) {
    List<String> trimmed = new ArrayList<>();
    int limit = bodyLimit;
    while (true) {
      byte[] bytes = gzip(json(round, limit, trimmed));
      if (bytes.length <= maxBytes) {
        return bytes;
      }
      if (limit == 0) {
        break;
      }
      limit = limit > 512 ? limit / 4 : 0;
      trimmed = List.of("bodies: cut to " + limit + " bytes");
    }
    // Still too large without any body: a round of very many paths or samples. Each step keeps
    // the previous ones' cuts and says what it cut, so a reader knows the evidence is partial —
    // the write never fails for size (DynamoDB's item limit is 400 KB).
    List<String> steps = new ArrayList<>(trimmed);
    RoundRecord current = bare(round, false);
    steps.add("samples other than each path's representative: status line and timings only");
    byte[] bytes = gzip(json(current, 0, steps));
    if (bytes.length <= maxBytes) {
      return bytes;
    }
    current = bare(round, true);
    steps.add("headers, certificate chains and correlation ids");
    bytes = gzip(json(current, 0, steps));
    if (bytes.length <= maxBytes) {
      return bytes;
    }
    current = representativesOnly(current);
    steps.add("samples other than each path's representative");
    bytes = gzip(json(current, 0, steps));
    int origins = current.of(PathKind.ORIGIN).size();
    for (int keep = origins / 2; bytes.length > maxBytes && keep >= 1; keep /= 2) {
      RoundRecord fewer = firstOrigins(current, keep);
      List<String> withOrigins = new ArrayList<>(steps);
      withOrigins.add("origins after the first " + keep + " of " + origins);
      bytes = gzip(json(fewer, 0, withOrigins));
    }
    if (bytes.length > maxBytes) {
      throw new CodecException(
          "round of "
              + round.target()
              + " in "
              + round.region()
              + " stays above "
              + maxBytes
              + " bytes after every cut ("
              + bytes.length
              + ")");
    }
    return bytes;
  }

  /** Samples reduced to what the analysis needs; {@code all}: the representatives too. */
  private static RoundRecord bare(RoundRecord round, boolean all) {
    return new RoundRecord(
        round.target(),
        round.slot(),
        round.region(),
        round.startedAt(),
        round.observations().stream().map(o -> bare(o, all)).toList(),
        round.confirmations().stream().map(o -> bare(o, all)).toList(),
        round.unprobed());
  }

  private static PathObservation bare(PathObservation o, boolean all) {
    ProbeResult representative = o.representative();
    List<ProbeResult> samples =
        o.samples().stream().map(s -> all || s != representative ? bare(s) : s).toList();
    return new PathObservation(o.path(), o.instance(), o.url(), samples, o.fingerprint());
  }

  private static ProbeResult bare(ProbeResult r) {
    String detail = r.detail().length() > 200 ? r.detail().substring(0, 200) + "…" : r.detail();
    return new ProbeResult(
        r.target(),
        r.path(),
        r.instance(),
        r.url(),
        r.failureClass(),
        detail,
        r.status(),
        r.remoteAddress(),
        r.resolvedAddresses().stream().limit(4).toList(),
        r.probedAt(),
        r.requestId(),
        r.timings(),
        r.response()
            .map(
                resp ->
                    new CapturedResponse(
                        resp.version(),
                        resp.status(),
                        resp.reason(),
                        new ResponseHeaders(List.of()),
                        new byte[0],
                        resp.bodyBytes(),
                        resp.bodyComplete())),
        r.tls()
            .map(
                t ->
                    new TlsSession(
                        t.protocol(),
                        t.cipherSuite(),
                        t.sni(),
                        t.leaf().map(List::of).orElse(List.of()),
                        t.verificationError(),
                        t.nameMatches())),
        Map.of(),
        r.location(),
        r.connectionReused(),
        r.headerBytes());
  }

  private static RoundRecord representativesOnly(RoundRecord round) {
    return new RoundRecord(
        round.target(),
        round.slot(),
        round.region(),
        round.startedAt(),
        round.observations().stream()
            .map(
                o ->
                    new PathObservation(
                        o.path(),
                        o.instance(),
                        o.url(),
                        List.of(o.representative()),
                        o.fingerprint()))
            .toList(),
        List.of(),
        round.unprobed());
  }

  private static RoundRecord firstOrigins(RoundRecord round, int keep) {
    List<PathObservation> kept = new ArrayList<>();
    int origins = 0;
    for (PathObservation o : round.observations()) {
      if (o.path() != PathKind.ORIGIN || origins++ < keep) {
        kept.add(o);
      }
    }
    return new RoundRecord(
        round.target(),
        round.slot(),
        round.region(),
        round.startedAt(),
        kept,
        List.of(),
        round.unprobed());
  }

  /** Decodes what {@link #encode} wrote back into a round. */
  public static RoundRecord decode(
      byte[] data, String target, RoundSlot slot, String region, Instant startedAt, String key) {
    JsonNode root;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new CodecException("round " + key + " cannot be read: " + e.getMessage(), e);
    }
    int version = root.path("v").asInt(0);
    if (version != 1 && version != VERSION) {
      throw new CodecException("round " + key + " has unknown encoding version " + root.path("v"));
    }
    try {
      List<PathObservation> observations = observations(root.path("observations"), target, key);
      List<PathObservation> confirmations = observations(root.path("confirmations"), target, key);
      List<UnprobedPath> unprobed = new ArrayList<>();
      for (JsonNode u : root.path("unprobed")) {
        unprobed.add(new UnprobedPath(u.path(0).asText(), u.path(1).asText()));
      }
      return new RoundRecord(
          target, slot, region, startedAt, observations, confirmations, unprobed);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException("round " + key + " cannot be decoded: " + e.getMessage(), e);
    }
  }

  private static List<PathObservation> observations(JsonNode array, String target, String key) {
    List<PathObservation> observations = new ArrayList<>();
    for (JsonNode o : array) {
      PathKind kind = PathKind.ofKey(o.path("path").asText());
      if (kind == null) {
        throw new CodecException("round " + key + " has a path of unknown kind " + o.path("path"));
      }
      int instance = o.path("instance").asInt();
      String url = o.path("url").asText();
      List<ProbeResult> samples = new ArrayList<>();
      for (JsonNode s : o.path("samples")) {
        samples.add(result(s, target, kind, instance, url));
      }
      Optional<Fingerprint> fingerprint =
          o.has("fp") ? Optional.of(fingerprint(o.path("fp"))) : Optional.empty();
      observations.add(new PathObservation(kind, instance, url, samples, fingerprint));
    }
    return observations;
  }

  private static ObjectNode json(RoundRecord round, int bodyLimit, List<String> trimmed) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    if (!trimmed.isEmpty()) {
      ArrayNode cuts = root.putArray("trimmed");
      trimmed.forEach(cuts::add);
    }
    observations(root.putArray("observations"), round.observations(), bodyLimit);
    if (!round.confirmations().isEmpty()) {
      observations(root.putArray("confirmations"), round.confirmations(), bodyLimit);
    }
    if (!round.unprobed().isEmpty()) {
      ArrayNode unprobed = root.putArray("unprobed");
      round.unprobed().forEach(u -> unprobed.addArray().add(u.label()).add(u.reason()));
    }
    return root;
  }

  private static void observations(
      ArrayNode array, List<PathObservation> observations, int bodyLimit) {
    for (PathObservation o : observations) {
      ObjectNode node = array.addObject();
      node.put("path", o.path().key());
      node.put("instance", o.instance());
      node.put("url", o.url());
      ArrayNode samples = node.putArray("samples");
      for (ProbeResult r : o.samples()) {
        samples.add(result(r, bodyLimit));
      }
      o.fingerprint().ifPresent(f -> node.set("fp", fingerprint(f)));
    }
  }

  private static ObjectNode fingerprint(Fingerprint f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("generator", f.generator());
    n.put("role", f.role().name());
    ArrayNode via = n.putArray("via");
    f.passedThrough().forEach(via::add);
    if (!f.meaning().isEmpty()) {
      n.put("meaning", f.meaning());
    }
    n.put("score", f.score());
    f.pageCause().ifPresent(c -> n.put("cause", c.name()));
    if (!f.signals().isEmpty()) {
      ArrayNode signals = n.putArray("signals");
      for (Fingerprint.Signal s : f.signals()) {
        signals.addArray().add(s.id()).add(s.where().name()).add(s.weight());
      }
    }
    return n;
  }

  private static Fingerprint fingerprint(JsonNode n) {
    List<String> via = new ArrayList<>();
    n.path("via").forEach(v -> via.add(v.asText()));
    List<Fingerprint.Signal> signals = new ArrayList<>();
    for (JsonNode s : n.path("signals")) {
      signals.add(
          new Fingerprint.Signal(
              s.path(0).asText(),
              Fingerprint.Where.valueOf(s.path(1).asText()),
              s.path(2).asDouble()));
    }
    return new Fingerprint(
        n.path("generator").asText(),
        Fingerprint.Role.valueOf(n.path("role").asText()),
        via,
        n.path("meaning").asText(""),
        n.path("score").asDouble(),
        signals,
        n.hasNonNull("cause")
            ? Optional.of(Cause.valueOf(n.path("cause").asText()))
            : Optional.empty());
  }

  private static ObjectNode result(ProbeResult r, int bodyLimit) {
    ObjectNode n = JSON.createObjectNode();
    n.put("class", r.failureClass().name());
    n.put("detail", r.detail());
    if (r.status() != null) {
      n.put("status", r.status());
    }
    if (r.remoteAddress() != null) {
      n.put("remote", r.remoteAddress());
    }
    ArrayNode resolved = n.putArray("resolved");
    r.resolvedAddresses().forEach(resolved::add);
    n.put("at", r.probedAt().toString());
    n.put("requestId", r.requestId());
    ObjectNode t = n.putObject("timings");
    putNanos(t, "dns", r.timings().dns());
    putNanos(t, "connect", r.timings().connect());
    putNanos(t, "tls", r.timings().tls());
    putNanos(t, "requestWrite", r.timings().requestWrite());
    putNanos(t, "ttfb", r.timings().ttfb());
    putNanos(t, "download", r.timings().download());
    putNanos(t, "total", r.timings().total());
    r.response().ifPresent(resp -> n.set("response", response(resp, bodyLimit)));
    r.tls().ifPresent(tls -> n.set("tls", tls(tls)));
    ObjectNode correlation = n.putObject("correlation");
    r.correlation().forEach(correlation::put);
    r.location().ifPresent(l -> n.put("location", l));
    if (r.connectionReused()) {
      n.put("reused", true);
    }
    if (r.headerBytes() != null) {
      n.put("headerBytes", r.headerBytes());
    }
    return n;
  }

  private static ProbeResult result(
      JsonNode n, String target, PathKind kind, int instance, String url) {
    JsonNode t = n.path("timings");
    List<String> resolved = new ArrayList<>();
    n.path("resolved").forEach(a -> resolved.add(a.asText()));
    Map<String, String> correlation = new LinkedHashMap<>();
    n.path("correlation")
        .fields()
        .forEachRemaining(e -> correlation.put(e.getKey(), e.getValue().asText()));
    return new ProbeResult(
        target,
        kind,
        instance,
        url,
        FailureClass.valueOf(n.path("class").asText()),
        n.path("detail").asText(""),
        n.has("status") ? n.path("status").asInt() : null,
        n.has("remote") ? n.path("remote").asText() : null,
        resolved,
        Instant.parse(n.path("at").asText()),
        n.path("requestId").asText(),
        new PhaseTimings(
            nanos(t, "dns"),
            nanos(t, "connect"),
            nanos(t, "tls"),
            nanos(t, "requestWrite"),
            nanos(t, "ttfb"),
            nanos(t, "download"),
            nanos(t, "total")),
        n.has("response") ? Optional.of(response(n.path("response"))) : Optional.empty(),
        n.has("tls") ? Optional.of(tls(n.path("tls"))) : Optional.empty(),
        correlation,
        n.has("location") ? Optional.of(n.path("location").asText()) : Optional.empty(),
        n.path("reused").asBoolean(false),
        n.hasNonNull("headerBytes") ? n.path("headerBytes").asInt() : null);
  }

  private static ObjectNode response(CapturedResponse r, int bodyLimit) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", r.version());
    n.put("status", r.status());
    n.put("reason", r.reason());
    ArrayNode headers = n.putArray("headers");
    for (ResponseHeaders.Field f : r.headers().fields()) {
      headers.addArray().add(f.name()).add(f.value());
    }
    byte[] body = r.body();
    n.put("body", body.length <= bodyLimit ? body : Arrays.copyOf(body, bodyLimit));
    n.put("bodyBytes", r.bodyBytes());
    n.put("bodyComplete", r.bodyComplete());
    return n;
  }

  private static CapturedResponse response(JsonNode n) {
    List<ResponseHeaders.Field> fields = new ArrayList<>();
    for (JsonNode h : n.path("headers")) {
      fields.add(new ResponseHeaders.Field(h.path(0).asText(), h.path(1).asText()));
    }
    byte[] body;
    try {
      body = n.path("body").binaryValue();
    } catch (IOException e) {
      throw new CodecException("stored body is not base64: " + e.getMessage(), e);
    }
    return new CapturedResponse(
        n.path("version").asText(),
        n.path("status").asInt(),
        n.path("reason").asText(""),
        new ResponseHeaders(fields),
        body == null ? new byte[0] : body,
        n.path("bodyBytes").asLong(),
        n.path("bodyComplete").asBoolean());
  }

  private static ObjectNode tls(TlsSession tls) {
    ObjectNode n = JSON.createObjectNode();
    n.put("protocol", tls.protocol());
    n.put("cipher", tls.cipherSuite());
    n.put("sni", tls.sni());
    ArrayNode chain = n.putArray("chain");
    for (CertificateInfo c : tls.chain()) {
      ObjectNode cert = chain.addObject();
      cert.put("subject", c.subject());
      ArrayNode sans = cert.putArray("sans");
      c.subjectAltNames().forEach(sans::add);
      cert.put("issuer", c.issuer());
      cert.put("notBefore", c.notBefore().toString());
      cert.put("notAfter", c.notAfter().toString());
      cert.put("sha256", c.sha256());
    }
    tls.verificationError().ifPresent(e -> n.put("verificationError", e));
    n.put("nameMatches", tls.nameMatches());
    return n;
  }

  private static TlsSession tls(JsonNode n) {
    List<CertificateInfo> chain = new ArrayList<>();
    for (JsonNode c : n.path("chain")) {
      List<String> sans = new ArrayList<>();
      c.path("sans").forEach(s -> sans.add(s.asText()));
      chain.add(
          new CertificateInfo(
              c.path("subject").asText(),
              sans,
              c.path("issuer").asText(),
              Instant.parse(c.path("notBefore").asText()),
              Instant.parse(c.path("notAfter").asText()),
              c.path("sha256").asText()));
    }
    return new TlsSession(
        n.path("protocol").asText(),
        n.path("cipher").asText(),
        n.path("sni").asText(),
        chain,
        n.has("verificationError")
            ? Optional.of(n.path("verificationError").asText())
            : Optional.empty(),
        n.path("nameMatches").asBoolean());
  }

  private static void putNanos(ObjectNode node, String field, Long nanos) {
    if (nanos == null) {
      node.putNull(field);
    } else {
      node.put(field, nanos);
    }
  }

  private static Long nanos(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isNumber() ? v.asLong() : null;
  }

  private static byte[] gzip(ObjectNode json) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      JSON.writeValue(out, json);
    } catch (IOException e) {
      throw new CodecException("cannot encode round: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }
}
