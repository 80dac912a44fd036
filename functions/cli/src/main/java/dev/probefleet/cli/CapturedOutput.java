package dev.probefleet.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the rest of the process prints while the live view owns the terminal (the console alerts, a
 * log warning), taken as messages instead of being written between the view's lines, which would
 * tear it. A message is what was written up to a flush — the console alert publisher and the log
 * appender flush once per alert and per log event — or, for a writer that never flushes, whatever
 * has been pending for a while when {@link #drainIdle} is called.
 *
 * <p>Messages are handed over outside this stream's lock, so a receiver that takes its own lock
 * cannot deadlock with a thread draining.
 */
final class CapturedOutput extends OutputStream {
  private final Consumer<String> messages;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private long lastWrite = System.nanoTime();

  CapturedOutput(Consumer<String> messages) {
    this.messages = Objects.requireNonNull(messages, "messages");
  }

  /** A print stream over it that flushes only when its writer does (one message per flush). */
  PrintStream printStream() {
    return new PrintStream(this, false, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    pending.write(b);
    lastWrite = System.nanoTime();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    pending.write(b, off, len);
    lastWrite = System.nanoTime();
  }

  @Override
  public void flush() {
    drain();
  }

  /**
   * Hands over what a writer that does not flush left pending, once nothing was written for {@code
   * idleMillis} (so a message written in several calls stays one).
   */
  void drainIdle(long idleMillis) {
    synchronized (this) {
      if (System.nanoTime() - lastWrite < idleMillis * 1_000_000) {
        return;
      }
    }
    drain();
  }

  /** Hands over what was written since the last message, if anything. */
  void drain() {
    String text;
    synchronized (this) {
      if (pending.size() == 0) {
        return;
      }
      text = pending.toString(StandardCharsets.UTF_8);
      pending.reset();
    }
    messages.accept(text);
  }
}
