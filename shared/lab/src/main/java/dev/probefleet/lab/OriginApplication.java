package dev.probefleet.lab;

import dev.probefleet.lab.server.Fault;
import dev.probefleet.lab.server.RecordedRequest;
import dev.probefleet.lab.server.Reply;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one origin instance's application server answers to each request: {@code 200 ok}, or what
 * the fault in force makes of it. The reconciliation sets its {@link Behaviour}; the server's
 * threads read it per request, so a switch takes effect at the next request without a restart.
 */
final class OriginApplication {
  private final LabSettings settings;
  private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.HEALTHY);
  private final AtomicInteger races = new AtomicInteger();

  /**
   * What the application does, from the faults in force.
   *
   * @param fault the origin fault of this instance, or null
   * @param slow answer after the slow delay (a hop's {@code TIMEOUT_SHORT} fault needs a slow
   *     origin)
   * @param largeHeader send the large cookie (a hop's {@code HEADER_BUFFER_SMALL} fault)
   * @param raceEvery lose the keep-alive race on every n-th reused connection (0: never)
   * @param jitter the most random delay to add
   */
  record Behaviour(
      LabFault fault, boolean slow, boolean largeHeader, int raceEvery, Duration jitter) {
    static final Behaviour HEALTHY = new Behaviour(null, false, false, 0, Duration.ZERO);
  }

  OriginApplication(LabSettings settings) {
    this.settings = settings;
  }

  void behave(Behaviour value) {
    behaviour.set(value);
  }

  /** The answer to one request. */
  Reply reply(RecordedRequest request) {
    Behaviour b = behaviour.get();
    if (b.raceEvery() > 0
        && request.sequence() > 1
        && request.header("X-Forwarded-For").isPresent()
        && races.incrementAndGet() % b.raceEvery() == 0) {
      return Reply.fault(Fault.EMPTY_REPLY);
    }
    Reply reply = Reply.ok();
    if (b.largeHeader()) {
      reply =
          reply.withHeader(
              "Set-Cookie", "session=" + "a".repeat(settings.largeHeaderBytes()) + "; Path=/");
    }
    Duration delay = random(b.jitter());
    if (b.slow() || b.fault() == LabFault.ORIGIN_SLOW) {
      delay = delay.plus(settings.slowOriginDelay());
    }
    if (b.fault() != null) {
      reply =
          switch (b.fault()) {
            case ORIGIN_INVALID_HEADER -> reply.withFault(Fault.INVALID_HEADER_LINE);
            case ORIGIN_INVALID_STATUS_LINE -> reply.withFault(Fault.INVALID_STATUS_LINE);
            case ORIGIN_CLOSE_BEFORE_HEADERS -> reply.withFault(Fault.EMPTY_REPLY);
            case ORIGIN_CLOSE_MID_HEADERS -> reply.withFault(Fault.CLOSE_MID_HEADERS);
            case ORIGIN_RESET -> reply.withFault(Fault.RESET);
            case ORIGIN_HANG -> reply.withFault(Fault.NEVER_RESPOND);
            case ORIGIN_OVERSIZED_HEADERS -> reply.withFault(Fault.OVERSIZED_HEADERS);
            case ORIGIN_TRUNCATED_BODY -> reply.withFault(Fault.TRUNCATED_BODY);
            case ORIGIN_STALL_MID_BODY -> reply.withFault(Fault.STALL_MID_BODY);
            case ORIGIN_RESET_MID_BODY -> reply.withFault(Fault.RESET_MID_BODY);
            case ORIGIN_HTTP_500 -> Reply.status(500);
            case ORIGIN_HTTP_503 -> Reply.status(503);
            case ORIGIN_HTTP_404 -> Reply.status(404);
            case ORIGIN_WRONG_BODY -> reply.withBody("down for maintenance\n");
            default -> reply;
          };
    }
    return reply.withFirstByteDelay(delay);
  }

  private static Duration random(Duration bound) {
    long nanos = bound.toNanos();
    return nanos <= 0
        ? Duration.ZERO
        : Duration.ofNanos(ThreadLocalRandom.current().nextLong(nanos + 1));
  }
}
