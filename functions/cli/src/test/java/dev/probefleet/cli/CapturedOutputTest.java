package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the live view takes from stdout and stderr: one message per flush. */
class CapturedOutputTest {
  private final List<String> messages = new ArrayList<>();
  private final CapturedOutput captured = new CapturedOutput(messages::add);
  private final PrintStream out = captured.printStream();

  @Test
  void aBlockPrintedLineByLineThenFlushedIsOneMessage() {
    out.println("=== ALERT 01JD-1 — [PAGE] shop");
    out.println("Next steps:");
    out.println("=== end of alert 01JD-1");
    assertThat(messages).isEmpty();

    out.flush();

    assertThat(messages)
        .containsExactly("=== ALERT 01JD-1 — [PAGE] shop\nNext steps:\n=== end of alert 01JD-1\n");
  }

  @Test
  void whatAWriterNeverFlushesIsTakenOnceItHasBeenIdle() throws Exception {
    out.print("a warning without a flush\n");
    captured.drainIdle(60_000);
    assertThat(messages).isEmpty();

    Thread.sleep(20);
    captured.drainIdle(10);

    assertThat(messages).containsExactly("a warning without a flush\n");
    captured.drain();
    assertThat(messages).hasSize(1);
  }
}
