package dev.probefleet.cli;

import dev.probefleet.cli.board.BoardAddress;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of a command that runs the fleet ({@code run}, {@code lab}): schedule, store (the
 * {@link StoreOptions} every command that touches a store shares), alerts, what is shown and where.
 */
final class RunOptions extends StoreOptions {

  enum Output {
    text,
    json
  }

  @Option(
      names = "--interval",
      paramLabel = "D",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Time between the starts of two rounds, 1s to 1h (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--sns-topic-arn",
      paramLabel = "ARN",
      description = "Also publish alerts to this SNS topic (alerts always go to the console).")
  String topicArn;

  @Option(
      names = "--region",
      paramLabel = "NAME",
      defaultValue = "local",
      description = "Probe as this region (default ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--resolver",
      paramLabel = "HOST:PORT",
      description = "Resolve host names with this DNS server instead of the system's.")
  String resolver;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N rounds (default: run until Ctrl-C).")
  int rounds;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (on a terminal a live view redrawn in place, else a line per round and per"
              + " target) or json (one JSON document per round and line; alerts then go to"
              + " stderr). Default ${DEFAULT-VALUE}.")
  Output output;

  @Option(
      names = "--http",
      paramLabel = "HOST:PORT|off",
      description =
          "Serve the web board, the query API and /metrics here (default "
              + BoardAddress.DEFAULT
              + ", loopback only: the board has no authentication); off for none.")
  String http;

  /** The board's address, empty for {@code --http off}. */
  Optional<BoardAddress> board() {
    try {
      return BoardAddress.parse(http);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--http: " + e.getMessage());
    }
  }

  @Option(
      names = "--no-tty",
      description =
          "Plain lines even when stdout is a terminal: no live view, no colour, no cursor"
              + " movement (for logs and screen readers).")
  boolean noTty;

  void check() {
    board();
    if (interval.compareTo(Duration.ofSeconds(1)) < 0
        || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new UsageException("--interval must be between 1s and 1h, got " + interval);
    }
    if (rounds < 0) {
      throw new UsageException("--rounds must not be negative, got " + rounds);
    }
  }
}
