package dev.probefleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContinuationTokensTest {
  private static final Map<String, String> KEY =
      Map.of("pk", "INCIDENT#01JD", "sk", "META", "incidentTarget", "shop", "incidentId", "01JD");
  private static final Set<String> NAMES = KEY.keySet();

  @Test
  void aTokenGivesBackTheKeyItWasMadeFrom() {
    String token = ContinuationTokens.encode("byTarget:shop", KEY);
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(ContinuationTokens.decode(token, "byTarget:shop", NAMES)).isEqualTo(KEY);
  }

  @Test
  void aTokenContinuesNoOtherQuery() {
    String token = ContinuationTokens.encode("byTarget:shop", KEY);
    assertThatThrownBy(() -> ContinuationTokens.decode(token, "byTarget:cart", NAMES))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage(
            "next: the continuation token belongs to another query (byTarget:shop), not to this one"
                + " (byTarget:cart); start again without it");
  }

  @Test
  void aTamperedOrForeignTokenIsRefusedByName() {
    assertThatThrownBy(() -> ContinuationTokens.decode("%%%", "q", NAMES))
        .hasMessage("next: the continuation token is not one this service issued (not base64url)");
    assertThatThrownBy(() -> ContinuationTokens.decode(b64("{not json"), "q", NAMES))
        .hasMessage("next: the continuation token is not one this service issued (unreadable)");
    assertThatThrownBy(() -> ContinuationTokens.decode(b64("{\"v\":7}"), "q", NAMES))
        .hasMessage("next: the continuation token is not one this service issued (unknown format)");
    assertThatThrownBy(
            () ->
                ContinuationTokens.decode(
                    b64("{\"v\":1,\"q\":\"q\",\"k\":{\"pk\":\"x\"}}"), "q", NAMES))
        .hasMessage("next: the continuation token is damaged (its key is not a key of this query)");
    assertThatThrownBy(
            () ->
                ContinuationTokens.decode(
                    b64("{\"v\":1,\"q\":\"q\",\"k\":{\"pk\":1}}"), "q", NAMES))
        .hasMessage("next: the continuation token is damaged (key pk)");
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
