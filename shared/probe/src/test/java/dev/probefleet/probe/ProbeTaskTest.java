package dev.probefleet.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTaskTest {
  private static final PathSpec CDN =
      PathSpec.of(PathKind.CDN, 0, URI.create("https://shop.example.com/health"));

  private static ProbeTask with(ProbeTask.Header... headers) {
    return ProbeTask.of("shop", CDN).withHeaders(List.of(headers));
  }

  @Test
  void aHeaderValueWithALineBreakIsRejectedWithoutShowingTheValue() {
    assertThatThrownBy(() -> with(new ProbeTask.Header("Authorization", "Bearer x\r\nEvil: 1")))
        .isInstanceOf(InvalidProbeTaskException.class)
        .hasMessage(
            "probe task shop cdn: header 'Authorization' has a line break or NUL in its value")
        .message()
        .doesNotContain("Bearer");
  }

  @Test
  void headersTheClientOwnsAreRejected() {
    assertThatThrownBy(() -> with(new ProbeTask.Header("Host", "other")))
        .hasMessage(
            "probe task shop cdn: header 'Host' is set by the probe client; use the path's host option");
    assertThatThrownBy(() -> with(new ProbeTask.Header("x-request-id", "1")))
        .hasMessage("probe task shop cdn: header 'x-request-id' is set by the probe client");
  }

  @Test
  void namesAndMethodsMustBeTokens() {
    assertThatThrownBy(() -> with(new ProbeTask.Header("Bad Name", "v")))
        .hasMessage("probe task shop cdn: header 1 has an invalid name 'Bad Name'");
    assertThatThrownBy(() -> ProbeTask.of("shop", CDN).withMethod("GET /"))
        .hasMessage("probe task shop cdn: method 'GET /' is not an HTTP token");
  }

  @Test
  void toStringShowsHeaderNamesOnly() {
    ProbeTask task = with(new ProbeTask.Header("Authorization", "Bearer hunter2"));
    assertThat(task.toString())
        .isEqualTo(
            "ProbeTask[shop cdn GET https://shop.example.com/health, headers [Authorization], burst 1]");
    assertThat(task.headers().get(0).toString()).isEqualTo("Header[Authorization]");
  }

  @Test
  void aPathTimeoutMustBePositive() {
    PathSpec zero =
        new PathSpec(
            PathKind.ORIGIN,
            2,
            URI.create("http://10.0.1.23:8080/health"),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            false,
            java.util.Optional.empty(),
            java.util.Optional.of(java.time.Duration.ZERO),
            List.of(),
            java.util.Map.of(),
            List.of());
    assertThatThrownBy(() -> ProbeTask.of("shop", zero))
        .hasMessage("probe task shop origin[2]: timeout must be positive, got PT0S");
  }
}
