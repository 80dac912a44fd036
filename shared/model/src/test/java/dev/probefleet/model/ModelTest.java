package dev.probefleet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelTest {

  @Test
  void addressRangesMatchAddressesAndCidrBlocks() throws Exception {
    AddressRange block = AddressRange.parse("10.0.1.77/24");
    assertThat(block).hasToString("10.0.1.0/24");
    assertThat(block.contains(InetAddress.getByName("10.0.1.23"))).isTrue();
    assertThat(block.contains(InetAddress.getByName("10.0.2.23"))).isFalse();
    assertThat(AddressRange.parse("192.0.2.10").contains(InetAddress.getByName("192.0.2.10")))
        .isTrue();
    assertThat(AddressRange.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8::1")))
        .isTrue();
    assertThat(AddressRange.parse("2001:db8::/32").contains(InetAddress.getByName("10.0.0.1")))
        .isFalse();
  }

  @Test
  void addressRangesNeverLookUpNames() {
    assertThatThrownBy(() -> AddressRange.parse("shop.example.com"))
        .hasMessage("'shop.example.com' is not an IP address or CIDR block");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33"))
        .hasMessage("'10.0.0.0/33' has prefix length 33, outside 0..32");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x"))
        .hasMessage("'10.0.0.0/x' has no numeric prefix length");
  }

  @Test
  void sniFollowsSniThenHostThenUrl() {
    PathSpec plain = PathSpec.of(PathKind.LB, 0, URI.create("https://alb.example.net:8443/health"));
    assertThat(plain.effectiveSni()).isEqualTo("alb.example.net");
    assertThat(plain.effectiveHost()).isEqualTo("alb.example.net:8443");
    assertThat(plain.port()).isEqualTo(8443);
    assertThat(plain.requestTarget()).isEqualTo("/health");

    PathSpec withHost =
        new PathSpec(
            PathKind.LB,
            0,
            URI.create("https://alb.example.net/health?deep=1"),
            Optional.of("shop.example.com"),
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            java.util.Map.of(),
            List.of());
    assertThat(withHost.effectiveSni()).isEqualTo("shop.example.com");
    assertThat(withHost.effectiveHost()).isEqualTo("shop.example.com");
    assertThat(withHost.requestTarget()).isEqualTo("/health?deep=1");
    assertThat(withHost.port()).isEqualTo(443);
  }

  @Test
  void onlyHttpAndHttpsAreProbed() {
    assertThatThrownBy(() -> PathSpec.of(PathKind.CDN, 0, URI.create("ftp://example.com/")))
        .hasMessage("url must be http or https: ftp://example.com/");
  }

  @Test
  void roundSlotsComeFromTheScheduleNotTheClock() {
    Duration minute = Duration.ofMinutes(1);
    RoundSlot a = RoundSlot.containing(Instant.parse("2026-11-24T09:01:59.900Z"), minute);
    RoundSlot b = RoundSlot.containing(Instant.parse("2026-11-24T09:01:00Z"), minute);
    assertThat(a).isEqualTo(b);
    assertThat(a.id()).isEqualTo("2026-11-24T09:01:00Z");
    assertThat(a.next().id()).isEqualTo("2026-11-24T09:02:00Z");
    assertThat(a.previous().compareTo(a)).isNegative();
    assertThatThrownBy(() -> new RoundSlot(Instant.parse("2026-11-24T09:01:30Z"), minute))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultExpectationAcceptsAny2xxOr3xx() {
    assertThat(ExpectSpec.DEFAULT.accepts(204)).isTrue();
    assertThat(ExpectSpec.DEFAULT.accepts(302)).isTrue();
    assertThat(ExpectSpec.DEFAULT.accepts(404)).isFalse();
    assertThat(new ExpectSpec(List.of(200), Optional.empty()).accepts(204)).isFalse();
  }

  @Test
  void aSecretReferenceNeverShowsAValue() {
    HeaderValue secret = new HeaderValue.Secret(HeaderValue.Secret.Source.SSM, "/probefleet/token");
    assertThat(secret).hasToString("Secret[ssm:/probefleet/token]");
  }

  @Test
  void aBurstIsRepresentedByItsFirstFailure() {
    ProbeResult ok = result(FailureClass.OK, 200);
    ProbeResult bad = result(FailureClass.HTTP_5XX, 502);
    PathObservation burst =
        new PathObservation(PathKind.LB, 0, "https://lb/health", List.of(ok, bad, ok, ok));
    assertThat(burst.representative()).isSameAs(bad);
    assertThat(burst.failureRate()).isEqualTo(0.25);
    assertThat(burst.intermittent()).isTrue();
    assertThat(burst.allFailing()).isFalse();
  }

  private static ProbeResult result(FailureClass failureClass, int status) {
    return new ProbeResult(
        "shop",
        PathKind.LB,
        0,
        "https://lb/health",
        failureClass,
        "",
        status,
        "127.0.0.1:443",
        List.of(),
        Instant.EPOCH,
        "req-1",
        new PhaseTimings(null, 1L, 2L, 3L, 4L, 5L, 15L),
        Optional.empty(),
        Optional.empty(),
        java.util.Map.of(),
        Optional.empty(),
        false);
  }

  @Test
  void everyFailingClassIsACauseOfTheSameName() {
    for (FailureClass c : FailureClass.values()) {
      assertThat(Cause.of(c).name()).isEqualTo(c == FailureClass.OK ? "NONE" : c.name());
    }
  }
}
