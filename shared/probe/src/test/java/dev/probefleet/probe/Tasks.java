package dev.probefleet.probe;

import dev.probefleet.model.CaBundle;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tasks and paths for the tests, read as the scenario they play. */
final class Tasks {
  private Tasks() {}

  static PathSpec path(URI url) {
    return PathSpec.of(PathKind.ORIGIN, 0, url);
  }

  static PathSpec path(
      URI url,
      String host,
      boolean insecure,
      CaBundle ca,
      Duration timeout,
      List<String> expectAddresses) {
    return new PathSpec(
        PathKind.LB,
        0,
        url,
        Optional.ofNullable(host),
        Optional.empty(),
        Optional.empty(),
        insecure,
        Optional.ofNullable(ca),
        Optional.ofNullable(timeout),
        expectAddresses.stream().map(dev.probefleet.model.AddressRange::parse).toList(),
        Map.of(),
        List.of());
  }

  static PathSpec withTimeout(URI url, Duration timeout) {
    return path(url, null, false, null, timeout, List.of());
  }

  static PathSpec resolvingTo(URI url, InetAddress address) {
    PathSpec p = path(url);
    return new PathSpec(
        p.kind(),
        p.instance(),
        p.url(),
        p.host(),
        p.sni(),
        Optional.of(address),
        p.insecure(),
        p.ca(),
        p.timeout(),
        p.expectAddresses(),
        p.headers(),
        p.probeFrom());
  }

  static ProbeTask task(URI url) {
    return ProbeTask.of("shop", path(url));
  }

  static ProbeTask task(PathSpec path) {
    return ProbeTask.of("shop", path);
  }

  static Instant inSeconds(long seconds) {
    return Instant.now().plusSeconds(seconds);
  }

  static ProbeClient client(Duration timeout) {
    return ProbeClient.builder().defaultTimeout(timeout).build();
  }
}
