package dev.probefleet.captures.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesAndReadsBackNestedValuesInOrder() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("status", 502L);
    doc.put("score", 0.5);
    doc.put("ok", false);
    doc.put("none", null);
    doc.put("headers", Map.of("Set-Cookie", List.of("a=1", "b=2")));
    doc.put("body", "<p>\"quoted\" \\ back\r\n\ttab \u0001 and ’unicode’</p>");
    doc.put("empty", List.of());

    Object back = Json.parse(Json.write(doc));

    assertThat(back).isEqualTo(doc);
    List<Object> keys = List.copyOf(((Map<?, ?>) back).keySet());
    assertThat(keys).containsExactly("status", "score", "ok", "none", "headers", "body", "empty");
  }

  @Test
  void controlCharactersAreEscaped() {
    assertThat(Json.write("a\u0001b")).isEqualTo("\"a\\u0001b\"\n");
  }

  @Test
  void readsStandardEscapes() {
    assertThat(Json.parse("\"\\u00e9\\/\\b\\f\"")).isEqualTo("é/\b\f");
  }

  @Test
  void syntaxErrorsSayWhere() {
    assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1\n  \"b\": 2}"))
        .isInstanceOf(Json.SyntaxException.class)
        .hasMessage("expected ',' or '}' at line 3, column 3");
    assertThatThrownBy(() -> Json.parse("[1, 2"))
        .isInstanceOf(Json.SyntaxException.class)
        .hasMessageStartingWith("unexpected end of input");
    assertThatThrownBy(() -> Json.parse("{} x"))
        .isInstanceOf(Json.SyntaxException.class)
        .hasMessageStartingWith("unexpected text after the document");
  }
}
