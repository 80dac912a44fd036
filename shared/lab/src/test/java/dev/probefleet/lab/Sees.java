package dev.probefleet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.lab.RawHttpClient.Answer;
import dev.probefleet.lab.RawHttpClient.Outcome;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a client is expected to see on one path, in the words of a scenario table: {@code ok()},
 * {@code page(HAPROXY, REFUSED)}, {@code outcome(REFUSED)}, optionally {@code .after(…)}.
 */
record Sees(String description, Consumer<Answer> check) {

  /** {@code 200} with the origin's {@code ok}. */
  static Sees ok() {
    return new Sees(
        "200 ok",
        a -> {
          assertThat(a.outcome()).as("outcome of %s", a).isEqualTo(Outcome.RESPONSE);
          assertThat(a.status()).as("status of %s", a).isEqualTo(200);
          assertThat(a.body()).isEqualTo("ok\n");
        });
  }

  /**
   * The error page recorded from this software for this scenario: its status and its body, byte for
   * byte (whichever hop relayed it).
   */
  static Sees page(Software software, Scenario scenario) {
    var page = CapturedPages.load(software, scenario);
    return new Sees(
        software.id() + "'s " + scenario.id() + " page (" + page.status() + ")",
        a -> {
          assertThat(a.outcome()).as("outcome of %s", a).isEqualTo(Outcome.RESPONSE);
          assertThat(a.status()).as("status of %s", a).isEqualTo(page.status());
          assertThat(a.body()).as("body of %s", a).isEqualTo(page.body());
        });
  }

  /** An answer of the application itself with this status and body text. */
  static Sees app(int status, String bodyContains) {
    return new Sees(
        "the application's " + status,
        a -> {
          assertThat(a.outcome()).as("outcome of %s", a).isEqualTo(Outcome.RESPONSE);
          assertThat(a.status()).as("status of %s", a).isEqualTo(status);
          assertThat(a.body()).contains(bodyContains);
        });
  }

  /** No (complete) response, for this reason. */
  static Sees outcome(Outcome outcome) {
    return new Sees(
        outcome.toString(), a -> assertThat(a.outcome()).as("outcome of %s", a).isEqualTo(outcome));
  }

  /** The same, and the answer came within this window (generous: the machine is shared). */
  Sees after(Duration atLeast, Duration atMost) {
    return new Sees(
        description + " after " + atLeast.toMillis() + "-" + atMost.toMillis() + " ms",
        a -> {
          check.accept(a);
          assertThat(a.elapsed()).as("time of %s", a).isBetween(atLeast, atMost);
        });
  }

  @Override
  public String toString() {
    return description;
  }
}
