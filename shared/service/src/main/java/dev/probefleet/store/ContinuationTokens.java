package dev.probefleet.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Continuation tokens: the position after the last item a page examined (for DynamoDB its last
 * evaluated key), as URL-safe base64 of a small JSON document that also names the query it belongs
 * to ({@code {"v":1,"q":"byTarget:shop","k":{…}}}). A token is opaque to callers; a token of
 * another query, or one that was tampered with, is refused with a message naming {@code next}
 * instead of reading from a wrong position. Every store issues and reads them the same way, so a
 * caller meets the same messages whatever the backend. Key attributes are strings.
 */
public final class ContinuationTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private ContinuationTokens() {}

  /** The token continuing {@code query} after {@code lastKey}. */
  public static String encode(String query, Map<String, String> lastKey) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("q", query);
    ObjectNode key = root.putObject("k");
    lastKey.forEach(key::put);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(root.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The exclusive start key a token carries.
   *
   * @param query the query being continued; must be the one the token was issued for
   * @param keyNames the key attributes a start key of that query has
   * @throws InvalidQueryException naming {@code next} and what is wrong with the token
   */
  public static Map<String, String> decode(String token, String query, Set<String> keyNames) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token.trim());
    } catch (IllegalArgumentException e) {
      throw invalid("the continuation token is not one this service issued (not base64url)");
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
}
