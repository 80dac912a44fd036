package dev.probefleet.probe.hostile;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing the hostile server does on a case's connection, after it has read the request (or, over
 * TLS, the client's first handshake record). A script that does not end in {@link Close}, {@link
 * Reset} or {@link Hold} ends with a clean close.
 */
sealed interface Step {

  /** Writes these bytes at once. */
  record Write(byte[] bytes) implements Step {
    public Write {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** Writes nothing for this long (a slow first byte, a stall). */
  record Pause(Duration duration) implements Step {}

  /** Writes these bytes one at a time, {@code interval} apart (slowloris). */
  record Drip(byte[] bytes, Duration interval) implements Step {}

  /** Closes the connection cleanly (FIN), the request read in full. */
  record Close() implements Step {}

  /** Resets the connection (SO_LINGER 0, then close): the peer sees an RST. */
  record Reset() implements Step {}

  /** Keeps the connection open without writing until the client hangs up. */
  record Hold() implements Step {}
}
