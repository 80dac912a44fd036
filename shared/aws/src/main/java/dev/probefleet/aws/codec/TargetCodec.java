package dev.probefleet.aws.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.model.AddressRange;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Target;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Target} as stored in the registry: JSON, version 1. Secret references are stored as
 * references (never values); CA bundles are stored inline.
 */
public final class TargetCodec {
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TargetCodec() {}

  /** Encodes a target as compact JSON. */
  public static String encode(Target target) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("name", target.name());
    ObjectNode request = root.putObject("request");
    request.put("method", target.request().method());
    request.set("headers", headers(target.request().headers()));
    ObjectNode expect = root.putObject("expect");
    ArrayNode status = expect.putArray("status");
    target.expect().status().forEach(status::add);
    target.expect().bodyContains().ifPresent(b -> expect.put("bodyContains", b));
    root.put("burst", target.burst().requests());
    if (!target.storeBodies()) {
      root.put("storeBodies", false);
    }
    ArrayNode paths = root.putArray("paths");
    for (PathSpec path : target.paths()) {
      paths.add(path(path));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode target " + target.name(), e);
    }
  }

  /**
   * Decodes a stored target.
   *
   * @param key the item's key, for messages
   */
  public static Target decode(String json, String key) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CodecException("target " + key + " is not valid JSON: " + e.getOriginalMessage());
    }
    try {
      int version = root.path("v").asInt(0);
      if (version != VERSION) {
        throw new CodecException("target " + key + " has unknown encoding version " + version);
      }
      String name = text(root, "name", key);
      JsonNode request = root.path("request");
      RequestSpec requestSpec =
          new RequestSpec(text(request, "method", key), readHeaders(request.path("headers"), key));
      List<Integer> status = new ArrayList<>();
      root.path("expect").path("status").forEach(s -> status.add(s.asInt()));
      JsonNode bodyContains = root.path("expect").path("bodyContains");
      ExpectSpec expect =
          new ExpectSpec(
              status,
              bodyContains.isTextual() ? Optional.of(bodyContains.asText()) : Optional.empty());
      BurstSpec burst = new BurstSpec(root.path("burst").asInt(1));
      Optional<PathSpec> cdn = Optional.empty();
      Optional<PathSpec> lb = Optional.empty();
      List<PathSpec> origins = new ArrayList<>();
      for (JsonNode p : root.path("paths")) {
        PathSpec path = readPath(p, key);
        switch (path.kind()) {
          case CDN -> cdn = Optional.of(path);
          case LB -> lb = Optional.of(path);
          case ORIGIN -> origins.add(path);
        }
      }
      boolean storeBodies = root.path("storeBodies").asBoolean(true);
      return new Target(name, requestSpec, expect, burst, cdn, lb, origins, storeBodies);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException("target " + key + " cannot be decoded: " + e.getMessage(), e);
    }
  }

  private static ObjectNode path(PathSpec path) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", path.kind().key());
    node.put("instance", path.instance());
    node.put("url", path.url().toString());
    path.host().ifPresent(h -> node.put("host", h));
    path.sni().ifPresent(s -> node.put("sni", s));
    path.resolve().ifPresent(a -> node.put("resolve", a.getHostAddress()));
    if (path.insecure()) {
      node.put("insecure", true);
    }
    path.ca()
        .ifPresent(
            ca -> {
              ObjectNode c = node.putObject("ca");
              c.put("source", ca.source());
              c.put("pem", ca.pem());
            });
    path.timeout().ifPresent(t -> node.put("timeoutMs", t.toMillis()));
    if (!path.expectAddresses().isEmpty()) {
      ArrayNode ranges = node.putArray("expectAddresses");
      path.expectAddresses().forEach(r -> ranges.add(r.toString()));
    }
    if (!path.headers().isEmpty()) {
      node.set("headers", headers(path.headers()));
    }
    if (!path.probeFrom().isEmpty()) {
      ArrayNode regions = node.putArray("probeFrom");
      path.probeFrom().forEach(regions::add);
    }
    return node;
  }

  private static PathSpec readPath(JsonNode node, String key) {
    PathKind kind = PathKind.ofKey(text(node, "kind", key));
    if (kind == null) {
      throw new CodecException(
          "target " + key + " has a path of unknown kind " + node.path("kind"));
    }
    List<AddressRange> ranges = new ArrayList<>();
    node.path("expectAddresses").forEach(r -> ranges.add(AddressRange.parse(r.asText())));
    List<String> probeFrom = new ArrayList<>();
    node.path("probeFrom").forEach(r -> probeFrom.add(r.asText()));
    JsonNode ca = node.path("ca");
    return new PathSpec(
        kind,
        node.path("instance").asInt(0),
        URI.create(text(node, "url", key)),
        optionalText(node, "host"),
        optionalText(node, "sni"),
        optionalText(node, "resolve").map(TargetCodec::address),
        node.path("insecure").asBoolean(false),
        ca.isObject()
            ? Optional.of(new CaBundle(ca.path("source").asText(), ca.path("pem").asText()))
            : Optional.empty(),
        node.has("timeoutMs")
            ? Optional.of(Duration.ofMillis(node.path("timeoutMs").asLong()))
            : Optional.empty(),
        ranges,
        readHeaders(node.path("headers"), key),
        probeFrom);
  }

  private static ArrayNode headers(Map<String, HeaderValue> headers) {
    ArrayNode array = JSON.createArrayNode();
    headers.forEach(
        (name, value) -> {
          ObjectNode h = array.addObject();
          h.put("name", name);
          switch (value) {
            case HeaderValue.Literal literal -> h.put("value", literal.value());
            case HeaderValue.Secret secret -> {
              h.put("secret", secret.source().name());
              h.put("id", secret.id());
            }
          }
        });
    return array;
  }

  private static Map<String, HeaderValue> readHeaders(JsonNode array, String key) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    for (JsonNode h : array) {
      String name = text(h, "name", key);
      if (h.has("secret")) {
        headers.put(
            name,
            new HeaderValue.Secret(
                HeaderValue.Secret.Source.valueOf(h.path("secret").asText()), text(h, "id", key)));
      } else {
        headers.put(name, new HeaderValue.Literal(text(h, "value", key)));
      }
    }
    return headers;
  }

  private static String text(JsonNode node, String field, String key) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new CodecException("target " + key + ": field '" + field + "' is missing");
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static InetAddress address(String literal) {
    try {
      // Only literals are ever stored (the loader refuses names), so this never resolves.
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new CodecException("stored address '" + literal + "' is not an IP literal");
    }
  }
}
