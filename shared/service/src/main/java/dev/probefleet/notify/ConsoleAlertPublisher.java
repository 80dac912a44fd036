package dev.probefleet.notify;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Objects;

/** The local mode's alerts: the readable text, framed, on a console stream. */
public final class ConsoleAlertPublisher implements AlertPublisher {
  private final PrintStream out;

  public ConsoleAlertPublisher(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public String publish(AlertMessage alert, Instant deadline) {
    synchronized (out) {
      out.println("=== ALERT " + alert.alertId() + " — " + alert.subject());
      out.println(alert.text());
      out.println("=== end of alert " + alert.alertId());
      out.flush();
    }
    return "console:" + alert.alertId();
  }
}
