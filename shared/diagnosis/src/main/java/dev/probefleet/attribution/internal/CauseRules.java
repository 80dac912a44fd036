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
 *
 * <p>Three kinds of evidence, in this order of trust: what the page pins by itself (the recognised
 * page's cause, data in the fingerprint rules; else the phrases of {@link PagePhrases}); timings (a
 * hop that answered after about its timeout while the layer below is slower gave up waiting, an
 * origin's 502 or close after a long wait is a killed slow request); sizes (a bare 502 in front of
 * a header block larger than common proxy buffers). {@code HTTP_5XX} is left for pages that say
 * nothing more.
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

  /**
   * An origin's 502, reset or close after at least this long came from an application server that
   * killed a slow request (php-fpm's {@code request_terminate_timeout}, gunicorn's worker {@code
   * --timeout}, both often 30 s but as low as 1 s): a dead application server is refused or found
   * missing in milliseconds.
   */
  static final long KILLED_SLOW_FLOOR_NANOS = Duration.ofMillis(500).toNanos();

  /**
   * ... and at least this many times the path's usual time to first byte, when one was learned: an
   * origin that always takes 2 s does not fail slowly at 600 ms.
   */
  static final long KILLED_SLOW_FACTOR = 5;

  /** Causes a page pins that no timing overrules: the page names what failed between the hops. */
  private static final Set<Cause> PAGE_DECIDES =
      Set.of(
          Cause.UPSTREAM_TLS_FAILED,
          Cause.NO_HEALTHY_UPSTREAM,
          Cause.UPSTREAM_HEADER_TOO_LARGE,
          Cause.UPSTREAM_CONNECT_FAILED,
          Cause.UPSTREAM_APP_DOWN);

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
    long waited = Timing.waited(s);
    if (s.failureClass().noResponse()) {
      if (CLOSED_EARLY.contains(s.failureClass()) && slowerThan(belowTtfb, waited)) {
        return gaveUp(head, waited, belowOk, who);
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
    // What the page says, from the recognised page's meaning (rules.yaml); without one, from the
    // phrases proxies put in their pages.
    Optional<Cause> pinned = m.pageCause();
    Optional<PagePhrases.Kind> phrase =
        pinned.isPresent() ? Optional.empty() : PagePhrases.match(status, m.pageText());
    Optional<Cause> said = pinned.or(() -> phrase.flatMap(PagePhrases.Kind::cause));
    if (said.equals(Optional.of(Cause.UPSTREAM_HEADER_TOO_LARGE))
        || status == 502 && said.isEmpty() && headerBytes(below) > HEADER_BUFFER_BYTES) {
      return headerTooLarge(head, below, who);
    }
    // A 502 or 504 that came after about the hop's timeout while the layer below answers directly
    // but slower: the hop gave up waiting, whatever its page's wording (Apache's ProxyTimeout
    // answers 502 "Error reading from remote server").
    boolean pageDecides = said.isPresent() && PAGE_DECIDES.contains(said.get());
    if ((status == 502 || status == 504) && !pageDecides && slowerThan(belowTtfb, waited)) {
      return gaveUp(head, waited, belowOk, who);
    }
    if (said.isPresent()) {
      switch (said.get()) {
        case UPSTREAM_TLS_FAILED -> {
          return new Explained(
              Cause.UPSTREAM_TLS_FAILED,
              head
                  + " while "
                  + belowOk
                  + ": TLS between "
                  + who
                  + " and its upstream fails (SNI, certificate or protocol).");
        }
        case NO_HEALTHY_UPSTREAM -> {
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
        case UPSTREAM_CONNECT_FAILED -> {
          if ("haproxy".equals(generator) && status == 503 && waited < NO_ATTEMPT_NANOS) {
            return noServerTried(head, s, belowOk, who);
          }
          return connectFailed(head, belowOk, who);
        }
        case UPSTREAM_TIMEOUT -> {
          return timeout(head, s, below, belowOk, who);
        }
        case UPSTREAM_APP_DOWN -> {
          return new Explained(
              Cause.UPSTREAM_APP_DOWN,
              head
                  + " while "
                  + belowOk
                  + ": "
                  + who
                  + " says the application behind it is not running, so it reaches another"
                  + " instance or process than the probe does.");
        }
        default -> {}
      }
    }
    if (phrase.equals(Optional.of(PagePhrases.Kind.INVALID))) {
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
    if (status == 504) {
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
   * Whether the layer below, probed directly, took at least {@link #SLOW_SHARE} of the time the
   * failing layer waited, and the failing layer waited long enough for a proxy timeout: it could
   * not have had its answer in time.
   */
  private static boolean slowerThan(Optional<Long> belowTtfb, long waited) {
    return waited >= MIN_PROXY_TIMEOUT_NANOS
        && belowTtfb.isPresent()
        && belowTtfb.get() >= SLOW_SHARE * waited;
  }

  private static Explained gaveUp(String head, long waited, String belowOk, String who) {
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
    long waited = Timing.waited(s);
    if (CLOSED_EARLY.contains(s.failureClass()) && killedSlow(m, waited)) {
      return killed(head, m, waited, "", alsoAbove);
    }
    if (s.failureClass().noResponse() || s.status() == null || s.status() < 500) {
      return new Explained(
          Cause.of(s.failureClass()),
          head + ": " + Wording.explain(s.failureClass()) + "." + alsoAbove);
    }
    int status = s.status();
    boolean serverPage = serverWritten(m);
    String server = m.generator().map(g -> " (" + g + ")").orElse("");
    Optional<Cause> pinned = m.pageCause();
    if (serverPage && status == 502 && killedSlow(m, waited)) {
      return killed(head, m, waited, server, alsoAbove);
    }
    if (pinned.isPresent() && pinned.get() != Cause.UPSTREAM_CONNECT_FAILED) {
      // The origin's web server says what failed behind it; a connect failure is handled below
      // (behind an origin's web server, the application server it cannot reach is down).
      return switch (pinned.get()) {
        case UPSTREAM_TIMEOUT -> slowApp(head, server, alsoAbove);
        case UPSTREAM_APP_DOWN -> appDown(head, server, alsoAbove);
        default ->
            new Explained(
                pinned.get(),
                head
                    + ": the origin's web server"
                    + server
                    + " fails towards the application server behind it."
                    + alsoAbove);
      };
    }
    if (pinned.isPresent() || serverPage && (status == 502 || status == 503)) {
      return appDown(head, server, alsoAbove);
    }
    if (serverPage && status == 504) {
      return slowApp(head, server, alsoAbove);
    }
    return new Explained(Cause.HTTP_5XX, head + ": the application fails the request." + alsoAbove);
  }

  private static Explained appDown(String head, String server, String alsoAbove) {
    return new Explained(
        Cause.UPSTREAM_APP_DOWN,
        head
            + ": the origin's web server"
            + server
            + " is up but the application server behind it is down."
            + alsoAbove);
  }

  private static Explained slowApp(String head, String server, String alsoAbove) {
    return new Explained(
        Cause.UPSTREAM_TIMEOUT,
        head
            + ": the origin's web server"
            + server
            + " gives up on an application server slower than its timeout."
            + alsoAbove);
  }

  /**
   * Whether an origin's failure came only after a long wait: at least {@link
   * #KILLED_SLOW_FLOOR_NANOS}, and {@link #KILLED_SLOW_FACTOR} times the path's usual time to first
   * byte when one was learned.
   */
  static boolean killedSlow(Member m, long waited) {
    long usual = m.usualTtfb().orElse(0L);
    return waited >= KILLED_SLOW_FLOOR_NANOS && waited >= KILLED_SLOW_FACTOR * usual;
  }

  /**
   * The application server killed a slow request: the web server in front reports the killed
   * worker's connection as closed or reset (a 502), which alone reads like a dead application
   * server; the long wait says it was alive and too slow.
   */
  private static Explained killed(
      String head, Member m, long waited, String server, String alsoAbove) {
    String usual =
        m.usualTtfb().map(u -> ", where it usually answers in " + Timing.human(u)).orElse("");
    String who = server.isEmpty() ? "the origin's application server" : "the application server";
    String front = server.isEmpty() ? "" : " behind the origin's web server" + server;
    return new Explained(
        Cause.UPSTREAM_TIMEOUT,
        head
            + " after "
            + Timing.human(waited)
            + usual
            + ": "
            + who
            + front
            + " killed a slow request after "
            + Timing.human(waited)
            + " (php-fpm's request_terminate_timeout, gunicorn's worker timeout, a uWSGI harakiri);"
            + " it is up, but slower than its own limit."
            + alsoAbove);
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

  /**
   * Size of the largest header block the layer below answered the probe with, 0 when none is known:
   * as the probe counted it on the wire, else as the captured headers spell it (a stored healthy
   * answer keeps its size but not its headers).
   */
  static int headerBytes(Node below) {
    return below.members().stream()
        .flatMap(b -> b.healthySamples().stream())
        .mapToInt(
            r ->
                r.headerBytes() != null
                    ? r.headerBytes()
                    : r.response().map(CauseRules::headerBytes).orElse(0))
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
