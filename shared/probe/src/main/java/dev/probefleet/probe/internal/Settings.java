package dev.probefleet.probe.internal;

import dev.probefleet.probe.HostResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * A client's settings, validated by its builder.
 *
 * @param resolver name resolution
 * @param userAgent the {@code User-Agent} sent unless a task sets its own
 * @param headerLimit the most bytes a response's header block may take
 * @param captureLimit body bytes kept
 * @param drainLimit body bytes read and dropped after the captured ones before giving up on the
 *     connection
 * @param defaultTimeout a probe's deadline when its path sets none
 * @param maxOpenConnections the bound on connections (and DNS queries) in flight
 * @param permits the semaphore enforcing that bound, shared by every probe of the client
 * @param minimumBudget a sample does not start with less time than this before the round deadline
 * @param clock wall-clock time (probe start, certificate validity)
 * @param cpus the CPUs the prober counts on (a Lambda function's share, or the machine's)
 * @param handshakes the bound on TLS handshakes (connect included) in flight, shared like {@code
 *     permits}
 * @param nistGroupsOnly whether TLS offers the NIST curves only, P-256 first (native ECDH in front)
 */
public record Settings(
    HostResolver resolver,
    String userAgent,
    int headerLimit,
    int captureLimit,
    long drainLimit,
    Duration defaultTimeout,
    int maxOpenConnections,
    Semaphore permits,
    Duration minimumBudget,
    Clock clock,
    double cpus,
    Semaphore handshakes,
    boolean nistGroupsOnly) {

  public Settings {
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(permits, "permits");
    Objects.requireNonNull(minimumBudget, "minimumBudget");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(handshakes, "handshakes");
  }

  /** The same settings, the same connection bound, another resolver. */
  Settings withResolver(HostResolver value) {
    return new Settings(
        value,
        userAgent,
        headerLimit,
        captureLimit,
        drainLimit,
        defaultTimeout,
        maxOpenConnections,
        permits,
        minimumBudget,
        clock,
        cpus,
        handshakes,
        nistGroupsOnly);
  }
}
