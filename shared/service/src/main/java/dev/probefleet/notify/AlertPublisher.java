package dev.probefleet.notify;

import java.time.Instant;

/** Sends alerts. */
public interface AlertPublisher {

  /**
   * Sends one alert, retrying what a retry can fix until the deadline.
   *
   * @return the transport's message id (or a local marker)
   * @throws PublishException when it could not be sent; the outbox keeps it pending for the next
   *     run
   */
  String publish(AlertMessage alert, Instant deadline);
}
