package dev.probefleet.attribution.internal;

import static dev.probefleet.attribution.internal.Wording.brief;
import static dev.probefleet.attribution.internal.Wording.does;
import static dev.probefleet.attribution.internal.Wording.lower;

import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.ResponseHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Why the upstream-most failing layer fails, from its own direct probe and the page it answered
 * with, compared with the direct probe of the layer below it (DESIGN §1, "Attribution").
 */
public final class CauseRules {
  /**
   * A header block above this does not fit the smallest usual proxy buffer (nginx's {@code
   * proxy_buffer_size} defaults to one 4 KiB page; HAProxy's {@code tune.bufsize} is 16 KiB).
   */
  public static final int HEADER_BUFFER_BYTES = 4096;

  /**
   * The layer below counts as slow when its direct answer took at least this share of the time the
   * failing layer waited: the failing layer could not have had its answer in time.
   */
  static final double SLOW_SHARE = 0.8;

  /** A proxy that closes faster than this did not time out: no proxy timeout is that short. */
  static final long MIN_PROXY_TIMEOUT_NANOS = Duration.ofMillis(250).toNanos();

  /**
   * A 504 that took at least this long while the layer below answers in under half of it means the
   * layer never got a connection: a firewall dropping its SYNs, not a slow upstream.
   */
  static final long CONNECT_GIVE_UP_NANOS = Duration.ofSeconds(1).toNanos();

  /** HAProxy's 503 faster than this tried no server (its retries wait up to 1 s each). */
  static final long NO_ATTEMPT_NANOS = Duration.ofMillis(250).toNanos();

  private static final Set<FailureClass> CLOSED_EARLY =
      Set.of(FailureClass.PREMATURE_CLOSE, FailureClass.CONNECTION_RESET);

  /** A cause and the sentence that explains it. */
  public record Explained(Cause cause, String summary) {}

  private CauseRules() {}

  /**
   * A CDN or load balancer that fails while the layer directly below it answers when probed
   * directly.
   */
  public static Explained proxy(Node failing, Node below) {
    Member m = failing.lead();
    ProbeResult s = m.sample();
    String head = failing.name() + " " + does(m);
    String who = brief(failing.layer());
    Optional<Long> belowTtfb = Timing.medianTtfb(below);
    String belowOk =
        lower(below)
            + " answers directly"
            + belowTtfb.map(t -> " in " + Timing.human(t)).orElse("");

    if (failing.intermittent() && failing.answers5xx()) {
      return new Explained(
          Cause.INTERMITTENT_5XX,
          head
              + " while "
              + lower(below)
              + " answers every request: typically the keep-alive race between "
              + who
              + "'s idle timeout and its upstream's keep-alive timeout, or an upstream that fails"
              + " now and then.");
    }
    if (s.failureClass().noResponse()) {
      long waited = Timing.waited(s);
      if (CLOSED_EARLY.contains(s.failureClass())
          && waited >= MIN_PROXY_TIMEOUT_NANOS
          && belowTtfb.isPresent()
          && belowTtfb.get() >= SLOW_SHARE * waited) {
        return new Explained(
            Cause.UPSTREAM_TIMEOUT,
            head
                + " after "
                + Timing.human(waited)
                + " while "
                + belowOk
                + ": "
                + who
                + " gives up on an upstream that is slower than its timeout.");
      }
      return own(head, s, belowOk);
    }
    int status = s.status();
    if (status < 500) {
      return own(head, s, belowOk);
    }
    String generator = m.generator().or(m::baseline).orElse(Fingerprint.UNKNOWN);
    if (passedFromBelow(m, below)) {
      return new Explained(
          Cause.HTTP_5XX,
          head
              + " although "
              + belowOk
              + ": the page was written by "
              + generator
              + ", the software of "
              + lower(below)
              + ", so "
              + who
              + " may be reaching another instance of it than the probe does.");
    }
    Optional<PagePhrases.Kind> kind = PagePhrases.match(generator, status, m.pageText());
    if (kind.isPresent()) {
      switch (kind.get()) {
        case TLS -> {
          return new Explained(
              Cause.UPSTREAM_TLS_FAILED,
              head
                  + " while "
                  + belowOk
                  + ": TLS between "
                  + who
                  + " and its upstream fails (SNI, certificate or protocol).");
        }
        case NO_HEALTHY -> {
          return new Explained(
              Cause.NO_HEALTHY_UPSTREAM,
              head
                  + " while "
                  + belowOk
                  + ": "
                  + who
                  + " has marked every upstream unhealthy, so its health checks disagree with the"
                  + " direct probe.");
        }
        case CONNECT -> {
          if ("haproxy".equals(generator) && status == 503 && Timing.waited(s) < NO_ATTEMPT_NANOS) {
            return noServerTried(head, s, belowOk, who);
          }
          return connectFailed(head, belowOk, who);
        }
        case HEADER_TOO_LARGE -> {
          return headerTooLarge(head, below, who);
        }
        default -> {}
      }
    }
    if (status == 502 && headerBytes(below) > HEADER_BUFFER_BYTES) {
      return headerTooLarge(head, below, who);
    }
    if (kind.equals(Optional.of(PagePhrases.Kind.INVALID))) {
      return new Explained(
          Cause.HTTP_5XX,
          head
              + " while "
              + belowOk
              + ": "
              + who
              + " finds its upstream's answers unusable although the direct answer is valid (a"
              + " protocol mismatch such as plain HTTP to a TLS port, or reused connections closed"
              + " under it).");
    }
    if (kind.equals(Optional.of(PagePhrases.Kind.TIMEOUT)) || status == 504) {
      return timeout(head, s, below, belowOk, who);
    }
    if (status == 502 && serverWritten(m)) {
      if (below.members().stream().anyMatch(b -> b.spec().tls())) {
        return tlsOrConnect(head, belowOk, who);
      }
      return connectFailed(head, belowOk, who);
    }
    return new Explained(Cause.HTTP_5XX, head + " while " + belowOk + ".");
  }

  /**
   * The origin tier itself fails when probed directly.
   *
   * @param alsoAbove a sentence on what the layer above answered, or ""
   */
  public static Explained origin(Node origin, String alsoAbove) {
    Member m = origin.lead();
    ProbeResult s = m.sample();
    String head =
        origin.uniform()
            ? origin.name() + " " + does(m)
            : Wording.instances(origin.failingMembers());
    if (origin.intermittent() && origin.answers5xx()) {
      return new Explained(
          Cause.INTERMITTENT_5XX,
          head + ": the origin itself fails some requests and answers others." + alsoAbove);
    }
    if (s.failureClass().noResponse() || s.status() == null || s.status() < 500) {
      return new Explained(
          Cause.of(s.failureClass()),
          head + ": " + Wording.explain(s.failureClass()) + "." + alsoAbove);
    }
    int status = s.status();
    boolean serverPage = serverWritten(m);
    String server = m.generator().map(g -> " (" + g + ")").orElse("");
    if (serverPage && (status == 502 || status == 503)) {
      return new Explained(
          Cause.UPSTREAM_APP_DOWN,
          head
              + ": the origin's web server"
              + server
              + " is up but the application server behind it is down."
              + alsoAbove);
    }
    if (serverPage && status == 504) {
      return new Explained(
          Cause.UPSTREAM_TIMEOUT,
          head
              + ": the origin's web server"
              + server
              + " gives up on an application server slower than its timeout."
              + alsoAbove);
    }
    return new Explained(Cause.HTTP_5XX, head + ": the application fails the request." + alsoAbove);
  }

  /** The layer fails by itself: its own class is the cause. */
  private static Explained own(String head, ProbeResult s, String belowOk) {
    return new Explained(
        Cause.of(s.failureClass()),
        head + ": " + Wording.explain(s.failureClass()) + "; " + belowOk + ".");
  }

  private static Explained connectFailed(String head, String belowOk, String who) {
    return new Explained(
        Cause.UPSTREAM_CONNECT_FAILED,
        head
            + " while "
            + belowOk
            + ": "
            + who
            + " cannot connect to its upstream (wrong address or port, or a firewall between"
            + " them).");
  }

  /**
   * HAProxy's 503 "No server is available" in next to no time: it tried no server, because every
   * server of the backend is marked down. A refused or timed-out connection shows the same page
   * only after its retries, which wait min(timeout connect, 1 s) each (unless {@code retries 0}).
   */
  private static Explained noServerTried(String head, ProbeResult s, String belowOk, String who) {
    return new Explained(
        Cause.NO_HEALTHY_UPSTREAM,
        head
            + " in "
            + Timing.human(Timing.waited(s))
            + ", without trying a server, while "
            + belowOk
            + ": "
            + who
            + " has marked every server of the backend down, so its health checks disagree with"
            + " the direct probe (or the backend has retries 0 and the connection was refused).");
  }

  /**
   * A bare 502 towards an upstream that speaks TLS: the page cannot tell a failed handshake from a
   * refused connection, and between TLS hops the handshake is what usually fails (nginx sends no
   * SNI upstream unless {@code proxy_ssl_server_name on}; a certificate the hop does not trust; no
   * common protocol).
   */
  private static Explained tlsOrConnect(String head, String belowOk, String who) {
    return new Explained(
        Cause.UPSTREAM_TLS_FAILED,
        head
            + " while "
            + belowOk
            + " over TLS: most likely the TLS handshake between "
            + who
            + " and its upstream fails (SNI not sent, an untrusted certificate, no common"
            + " protocol); a refused connection looks the same, and "
            + who
            + "'s error log says which.");
  }

  private static Explained headerTooLarge(String head, Node below, String who) {
    int bytes = headerBytes(below);
    String size = bytes > 0 ? " with a " + Wording.kib(bytes) + " header block" : "";
    return new Explained(
        Cause.UPSTREAM_HEADER_TOO_LARGE,
        head
            + " while "
            + lower(below)
            + " answers directly"
            + size
            + ": its response headers do not fit "
            + who
            + "'s buffers.");
  }

  private static Explained timeout(
      String head, ProbeResult s, Node below, String belowOk, String who) {
    long waited = Timing.waited(s);
    Optional<Long> belowTtfb = Timing.medianTtfb(below);
    if (belowTtfb.isPresent() && waited >= CONNECT_GIVE_UP_NANOS && belowTtfb.get() < waited / 2) {
      return new Explained(
          Cause.UPSTREAM_CONNECT_FAILED,
          head
              + " after "
              + Timing.human(waited)
              + " although "
              + belowOk
              + ": "
              + who
              + " never gets a connection to its upstream (a firewall or security group dropping"
              + " its packets).");
    }
    return new Explained(
        Cause.UPSTREAM_TIMEOUT,
        head
            + " after "
            + Timing.human(waited)
            + " while "
            + belowOk
            + ": "
            + who
            + " gives up on an upstream that is slower than its timeout.");
  }

  /**
   * Whether the failing layer merely passed on a page the software below wrote: the page's
   * generator differs from the layer's own learned one and is what the layer below runs.
   */
  private static boolean passedFromBelow(Member m, Node below) {
    Optional<String> generator = m.generator();
    if (generator.isEmpty() || m.baseline().isEmpty() || m.baseline().equals(generator)) {
      return false;
    }
    return below.members().stream()
        .anyMatch(b -> b.baseline().equals(generator) || b.generator().equals(generator));
  }

  /**
   * A page a web server or proxy wrote itself, not an application: known from the fingerprint, or
   * without one from the phrases such pages carry.
   */
  static boolean serverWritten(Member m) {
    if (m.fingerprint().isPresent()) {
      Fingerprint fp = m.fingerprint().get();
      if (!fp.known() || fp.role() == Fingerprint.Role.APP_SERVER) {
        return false;
      }
      // A proxy stamps its Server header on everything it relays: with a body, only a body it
      // recognisably wrote makes the page its own; an empty body leaves the headers to decide.
      boolean hasBody = m.sample().response().map(r -> r.body().length > 0).orElse(false);
      return !hasBody
          || fp.signals().stream().anyMatch(sig -> sig.where() == Fingerprint.Where.BODY)
          || PagePhrases.serverPage(m.pageText());
    }
    return PagePhrases.serverPage(m.pageText());
  }

  /** Size of the header block of the layer below's healthy answer, 0 when none was captured. */
  static int headerBytes(Node below) {
    return below.members().stream()
        .flatMap(b -> b.healthySamples().stream())
        .map(ProbeResult::response)
        .flatMap(Optional::stream)
        .mapToInt(CauseRules::headerBytes)
        .max()
        .orElse(0);
  }

  private static int headerBytes(CapturedResponse response) {
    int size =
        (response.version() + " " + response.status() + " " + response.reason() + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1)
            .length;
    for (ResponseHeaders.Field f : response.headers().fields()) {
      size += (f.name() + ": " + f.value() + "\r\n").getBytes(StandardCharsets.ISO_8859_1).length;
    }
    return size + 2;
  }
}
