package dev.probefleet.fingerprint.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PageTextTest {

  @Test
  void aRecordedNginxPageRendersAsABrowserShowsIt() {
    String page = CapturedPages.load(Software.NGINX, Scenario.REFUSED).body();

    assertThat(PageText.render(page)).isEqualTo("502 Bad Gateway\n502 Bad Gateway\nnginx/1.22.1");
  }

  @Test
  void aRecordedApachePageKeepsItsSentencesOnOneLineAndItsAddressLine() {
    String page = CapturedPages.load(Software.APACHE, Scenario.REFUSED).body();

    assertThat(PageText.render(page))
        .isEqualTo(
            """
            503 Service Unavailable
            Service Unavailable
            The server is temporarily unable to service your request due to maintenance downtime \
            or capacity problems. Please try again later.
            Apache/2.4.71 (Debian) Server at shop.example.test Port 43705""");
  }

  @Test
  void scriptsStylesAndCommentsAreDropped() {
    String page =
        "<html><head><style>h1 { color: red }</style><script>var a = '<b>'; if (a < b) {}</script>"
            + "</head><body><!-- hidden <p>no</p> --><h1>Hello</h1><SCRIPT type=x>alert(1)</SCRIPT>"
            + "<p>world</p></body></html>";

    assertThat(PageText.render(page)).isEqualTo("Hello\nworld");
  }

  static Stream<Arguments> entities() {
    return Stream.of(
        Arguments.of("That&#39;s an error.", "That's an error."),
        Arguments.of("Reference&#32;&#35;18&#46;abc", "Reference #18.abc"),
        Arguments.of("a&amp;b &lt;c&gt; &quot;d&quot;", "a&b <c> \"d\""),
        Arguments.of("aren&rsquo;t&nbsp;&nbsp;here", "aren\u2019t here"),
        Arguments.of("&#x41;&#X42;", "AB"),
        Arguments.of("&unknown; &#99999999999; &#; & x", "&unknown; &#99999999999; &#; & x"),
        Arguments.of("&#0;", "\uFFFD"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entities")
  void characterReferencesAreDecoded(String text, String expected) {
    assertThat(PageText.render("<p>" + text + "</p>")).isEqualTo(expected);
  }

  @Test
  void textWithoutMarkupKeepsItsLinesAndOnlyHasItsWhitespaceTidied() {
    String pasted = "  502 Bad Gateway \r\n\r\n\tnginx/1.18.0   (Ubuntu)\n";

    String text = PageText.render(pasted);

    assertThat(text).isEqualTo("502 Bad Gateway\nnginx/1.18.0 (Ubuntu)");
    assertThat(PageText.render(text)).isEqualTo(text);
  }

  @Test
  void aLessThanSignThatStartsNoTagIsText() {
    assertThat(PageText.render("a < b and 1<2")).isEqualTo("a < b and 1<2");
    assertThat(PageText.render("<p>x</p> then <unclosed")).isEqualTo("x\nthen <unclosed");
  }

  static Stream<Arguments> hostileBodies() {
    int n = 2_000_000;
    return Stream.of(
        Arguments.of("unclosed tags", "<a".repeat(n / 2)),
        Arguments.of("unclosed comment", "<!--" + "x".repeat(n)),
        Arguments.of("unclosed script", "<script>" + "<b".repeat(n / 2)),
        Arguments.of("scripts never closed by name", "<script>x</scrip>".repeat(n / 16)),
        Arguments.of("deep nesting", "<div>".repeat(n / 5) + "deep"),
        Arguments.of("ampersands", "&#".repeat(n / 2)),
        Arguments.of("long entity-like names", ("&" + "a".repeat(9) + " ").repeat(n / 11)),
        Arguments.of("one long tag", "<p " + "x".repeat(n) + ">after"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void hostileBodiesRenderQuicklyAndNoLongerThanTheBoundedInput(String name, String body) {
    String text = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> PageText.render(body));

    assertThat(text.length()).isLessThanOrEqualTo(PageText.MAX_INPUT);
  }
}
