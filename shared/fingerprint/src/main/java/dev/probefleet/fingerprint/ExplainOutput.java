package dev.probefleet.fingerprint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.model.Fingerprint;
import java.util.Locale;

/**
 * The documents {@code probefleet explain} prints (DESIGN §3), exactly:
 *
 * <pre>{@code
 * {"generator": "<id>", "role": "CDN|LOAD_BALANCER|WEB_SERVER|APP_SERVER|UNKNOWN",
 *  "passed_through": [...], "meaning": "…", "score": 0.0-1.0,
 *  "signals": [{"id": "…", "where": "header|body|status", "weight": 0.0-1.0}]}
 *
 * {"software": "nginx|haproxy|apache|envoy|…", "cause": "<cause>", "meaning": "…",
 *  "next_steps": [...]}
 * }</pre>
 *
 * Keys in that order, indented, ending with a newline.
 */
public final class ExplainOutput {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ExplainOutput() {}

  /** A fingerprint as the {@code explain --response} document. */
  public static String toJson(Fingerprint fingerprint) {
    ObjectNode root = JSON.createObjectNode();
    root.put("generator", fingerprint.generator());
    root.put("role", fingerprint.role().name());
    ArrayNode hops = root.putArray("passed_through");
    fingerprint.passedThrough().forEach(hops::add);
    root.put("meaning", fingerprint.meaning());
    root.put("score", fingerprint.score());
    ArrayNode signals = root.putArray("signals");
    for (Fingerprint.Signal s : fingerprint.signals()) {
      ObjectNode signal = signals.addObject();
      signal.put("id", s.id());
      signal.put("where", s.where().name().toLowerCase(Locale.ROOT));
      signal.put("weight", s.weight());
    }
    return write(root);
  }

  /** A log-line explanation as the {@code explain --log-line} document. */
  public static String toJson(LogLineExplanation explanation) {
    ObjectNode root = JSON.createObjectNode();
    root.put("software", explanation.software());
    root.put("cause", explanation.cause().name());
    root.put("meaning", explanation.meaning());
    ArrayNode steps = root.putArray("next_steps");
    explanation.nextSteps().forEach(steps::add);
    return write(root);
  }

  private static String write(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
