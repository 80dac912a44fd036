package dev.probefleet.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Continuation tokens: the position after the last item a page examined (for DynamoDB its last
 * evaluated key), signed so that nobody can move it.
 *
 * <p>A token is {@code <content>.<signature>}: the content is URL-safe base64 of a small JSON
 * document that names the query it belongs to ({@code {"v":2,"q":"byTarget:shop","k":{…}}}), the
 * signature URL-safe base64 of HMAC-SHA256 over the content's bytes. The signature matters because
 * the key inside is a real table key: a caller who could edit it would read from any position of
 * any partition of the index (another target's incidents through a token issued for this one).
 * Tokens are checked in this order, each with a message naming {@code next}: the form, the
 * signature (constant-time), then the document — so only a token this service signed ever reaches
 * the store, and a token of another query is refused instead of read from a wrong position.
 *
 * <p>Every store issues and reads tokens through one instance of this class, so a caller meets the
 * same format and the same messages whatever the backend. Hosts build it from a configured secret
 * ({@link #withKey}); without one, from a seed such as the deployment's table prefix ({@link
 * #derivedFrom}), which still rejects edited tokens but does not make them unforgeable by someone
 * who knows the seed. Key attributes are strings.
 */
public final class ContinuationTokens {
  /** The shortest secret {@link #withKey} accepts: HMAC-SHA256 wants at least 32 bytes of key. */
  public static final int MIN_KEY_BYTES = 32;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALGORITHM = "HmacSHA256";
  private static final int VERSION = 2;
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)?");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  private ContinuationTokens(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    mac(); // fails now, not at the first token, if the JDK lacks HMAC-SHA256
  }

  /**
   * Tokens signed with a secret.
   *
   * @param secret at least {@value #MIN_KEY_BYTES} bytes (as UTF-8)
   * @throws IllegalArgumentException for a shorter secret, saying how long it must be
   */
  public static ContinuationTokens withKey(String secret) {
    Objects.requireNonNull(secret, "secret");
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "is "
              + bytes.length
              + " bytes long; a token key must have at least "
              + MIN_KEY_BYTES
              + " (e.g. the output of: openssl rand -base64 32)");
    }
    return new ContinuationTokens(bytes);
  }

  /**
   * Tokens signed with a key derived from a non-secret seed (SHA-256 of a fixed label and the
   * seed): every process of a deployment derives the same key, so a token issued by one Lambda
   * container is read by another, and an edited token is still refused — but anyone who knows the
   * seed can sign tokens of their own.
   */
  public static ContinuationTokens derivedFrom(String seed) {
    Objects.requireNonNull(seed, "seed");
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update("probefleet continuation tokens\0".getBytes(StandardCharsets.UTF_8));
      return new ContinuationTokens(sha256.digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  /**
   * Tokens signed with a random key: valid only for the life of this object (an in-memory store,
   * whose tokens cannot outlive it anyway).
   */
  public static ContinuationTokens random() {
    byte[] bytes = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(bytes);
    return new ContinuationTokens(bytes);
  }

  /** The token continuing {@code query} after {@code lastKey}. */
  public String encode(String query, Map<String, String> lastKey) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("q", query);
    ObjectNode key = root.putObject("k");
    lastKey.forEach(key::put);
    return seal(root.toString());
  }

  /**
   * The exclusive start key a token carries.
   *
   * @param query the query being continued; must be the one the token was issued for
   * @param keyNames the key attributes a start key of that query has
   * @throws InvalidQueryException naming {@code next} and what is wrong with the token
   */
  public Map<String, String> decode(String token, String query, Set<String> keyNames) {
    String text = token.trim();
    if (!BASE64URL.matcher(text).matches()) {
      throw invalid("the continuation token is not one this service issued (not base64url)");
    }
    int dot = text.indexOf('.');
    if (dot < 0) {
      throw invalid("the continuation token is not one this service issued (unknown format)");
    }
    String content = text.substring(0, dot);
    byte[] signature;
    byte[] bytes;
    try {
      signature = DECODER.decode(text.substring(dot + 1));
      bytes = DECODER.decode(content);
    } catch (IllegalArgumentException e) {
      throw invalid("the continuation token is not one this service issued (not base64url)");
    }
    if (!MessageDigest.isEqual(signature, sign(content))) {
      throw invalid("the continuation token is not one this service issued (bad signature)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw invalid("the continuation token is not one this service issued (unreadable)");
    }
    if (root == null || !root.isObject() || root.path("v").asInt(-1) != VERSION) {
      throw invalid("the continuation token is not one this service issued (unknown format)");
    }
    String issuedFor = root.path("q").asText("");
    if (!issuedFor.equals(query)) {
      throw invalid(
          "the continuation token belongs to another query ("
              + issuedFor
              + "), not to this one ("
              + query
              + "); start again without it");
    }
    JsonNode key = root.path("k");
    Map<String, String> start = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = key.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isTextual()) {
        throw invalid("the continuation token is damaged (key " + field.getKey() + ")");
      }
      start.put(field.getKey(), field.getValue().asText());
    }
    if (!new TreeSet<>(start.keySet()).equals(new TreeSet<>(keyNames))) {
      throw invalid("the continuation token is damaged (its key is not a key of this query)");
    }
    return start;
  }

  /** The error for a token that cannot continue this query. */
  public static InvalidQueryException invalid(String problem) {
    return new InvalidQueryException(PageRequest.TOKEN_PARAMETER, problem);
  }

  /** A signed token of any JSON document (the tests sign malformed documents with it). */
  String seal(String json) {
    String content = ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    return content + "." + ENCODER.encodeToString(sign(content));
  }

  private byte[] sign(String content) {
    return mac().doFinal(content.getBytes(StandardCharsets.US_ASCII));
  }

  /** A fresh MAC per call: {@link Mac} is not thread-safe, and one costs about a microsecond. */
  private Mac mac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "ContinuationTokens[HMAC-SHA256, key hidden]";
  }
}
