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
  private static final ContinuationTokens TOKENS =
      ContinuationTokens.withKey("a test key of at least thirty-two bytes");

  @Test
  void aTokenGivesBackTheKeyItWasMadeFrom() {
    String token = TOKENS.encode("byTarget:shop", KEY);
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    assertThat(TOKENS.decode(token, "byTarget:shop", NAMES)).isEqualTo(KEY);
  }

  @Test
  void aTokenContinuesNoOtherQuery() {
    String token = TOKENS.encode("byTarget:shop", KEY);
    assertThatThrownBy(() -> TOKENS.decode(token, "byTarget:cart", NAMES))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage(
            "next: the continuation token belongs to another query (byTarget:shop), not to this one"
                + " (byTarget:cart); start again without it");
  }

  @Test
  void anEditedKeyIsRefusedByItsSignature() {
    String token = TOKENS.encode("byTarget:shop", KEY);
    String content = token.substring(0, token.indexOf('.'));
    String json = new String(Base64.getUrlDecoder().decode(content), StandardCharsets.UTF_8);
    String edited = b64(json.replace("\"shop\"", "\"cart\"")) + token.substring(token.indexOf('.'));
    assertThat(edited).isNotEqualTo(token);
    assertThatThrownBy(() -> TOKENS.decode(edited, "byTarget:shop", NAMES))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("next: the continuation token is not one this service issued (bad signature)");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String token = ContinuationTokens.derivedFrom("probefleet").encode("byTarget:shop", KEY);
    assertThatThrownBy(() -> TOKENS.decode(token, "byTarget:shop", NAMES))
        .hasMessage("next: the continuation token is not one this service issued (bad signature)");
    assertThatThrownBy(() -> ContinuationTokens.random().decode(token, "byTarget:shop", NAMES))
        .hasMessage("next: the continuation token is not one this service issued (bad signature)");
    assertThat(ContinuationTokens.derivedFrom("probefleet").decode(token, "byTarget:shop", NAMES))
        .as("every process of a deployment derives the same key from the same seed")
        .isEqualTo(KEY);
  }

  @Test
  void aTamperedOrForeignTokenIsRefusedByName() {
    assertThatThrownBy(() -> TOKENS.decode("%%%", "q", NAMES))
        .hasMessage("next: the continuation token is not one this service issued (not base64url)");
    assertThatThrownBy(() -> TOKENS.decode(b64("{\"v\":1,\"q\":\"q\",\"k\":{}}"), "q", NAMES))
        .as("an unsigned token, as issued before tokens were signed")
        .hasMessage("next: the continuation token is not one this service issued (unknown format)");
    assertThatThrownBy(() -> TOKENS.decode(TOKENS.seal("{not json"), "q", NAMES))
        .hasMessage("next: the continuation token is not one this service issued (unreadable)");
    assertThatThrownBy(() -> TOKENS.decode(TOKENS.seal("{\"v\":7}"), "q", NAMES))
        .hasMessage("next: the continuation token is not one this service issued (unknown format)");
    assertThatThrownBy(
            () ->
                TOKENS.decode(
                    TOKENS.seal("{\"v\":2,\"q\":\"q\",\"k\":{\"pk\":\"x\"}}"), "q", NAMES))
        .hasMessage("next: the continuation token is damaged (its key is not a key of this query)");
    assertThatThrownBy(
            () -> TOKENS.decode(TOKENS.seal("{\"v\":2,\"q\":\"q\",\"k\":{\"pk\":1}}"), "q", NAMES))
        .hasMessage("next: the continuation token is damaged (key pk)");
  }

  @Test
  void aShortSecretIsRefusedSayingHowLongItMustBe() {
    assertThatThrownBy(() -> ContinuationTokens.withKey("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "is 5 bytes long; a token key must have at least 32 (e.g. the output of: openssl rand"
                + " -base64 32)");
    assertThat(ContinuationTokens.withKey("x".repeat(32)).toString()).doesNotContain("xxxx");
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
