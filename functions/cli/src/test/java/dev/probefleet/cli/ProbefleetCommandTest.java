package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbefleetCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void withoutASubcommandItPrintsItsUsageAndSucceeds() {
    int status = ProbefleetCommand.execute();
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: probefleet")
        .contains("Exit status: 0 healthy or warnings only");
  }

  @Test
  void anUnknownOptionIsAUsageErrorThatNamesIt() {
    int status = ProbefleetCommand.execute("--frobnicate");
    assertThat(status).isEqualTo(ProbefleetCommand.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--frobnicate'");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
