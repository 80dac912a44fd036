package dev.probefleet.cli;

import dev.probefleet.model.RoundSlot;
import dev.probefleet.run.RoundLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalExt;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of {@code probefleet run} on a terminal: {@link FleetScreen} redrawn in place
 * (JLine's {@link Display} rewrites only what changed, below the lines printed before it), ten
 * times a second while a round is in flight for its spinner and clock, and at once on each round's
 * end and on a resize.
 *
 * <p>While it runs the view owns the terminal: what the rest of the process prints to stdout or
 * stderr (the console alerts, log warnings) becomes an event of the screen instead of tearing it
 * ({@link CapturedOutput}), and is copied in full to stderr when that is not the terminal; typed
 * keys are not echoed into it. {@link #close()} draws the last screen, leaves the cursor on the
 * line below it, visible, and gives the terminal back as it was.
 *
 * <p>JLine is built without its signal handlers and shutdown hook: Ctrl-C keeps the JVM's meaning
 * (the run's shutdown hook lets the round in flight finish, then the view closes), and the resize
 * signal alone is taken.
 */
final class TerminalView implements RoundLoop.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TerminalView.class);
  private static final long TICK_MILLIS = 100;

  private final Terminal terminal;
  private final FleetScreen screen;
  private final Clock clock;
  private final boolean colour;
  private Display display;
  private final Attributes original;
  private final PrintStream stdout = System.out;
  private final PrintStream stderr = System.err;
  private final CapturedOutput captured;
  private final ScheduledExecutorService ticker;
  private final Object resize;
  private final boolean copyToStderr;
  private Size size;
  private int tick;
  private boolean shown;
  private boolean closed;

  /**
   * The view on this process's terminal, or empty when stdout (or stdin) is not a terminal, or the
   * terminal is {@code dumb}: then the caller prints plain lines.
   *
   * @param environment the process environment ({@code NO_COLOR})
   */
  static Optional<TerminalView> open(
      FleetScreen screen, Clock clock, Map<String, String> environment) {
    // Our close restores the terminal (the run's shutdown hook closes the view after the round in
    // flight): JLine's own hook would close the terminal under a round still drawing.
    System.setProperty("org.jline.shutdownhook.disable", "true");
    Terminal terminal;
    try {
      terminal =
          TerminalBuilder.builder()
              .system(true)
              .systemOutput(TerminalBuilder.SystemOutput.SysOut)
              .nativeSignals(false)
              // No probing of the terminal's modes: its queries would go unanswered (and wait)
              // where nothing emulates a terminal behind the pty, and the view needs none.
              .graphemeCluster(false)
              .dumb(true)
              .build();
    } catch (IOException | RuntimeException e) {
      LOG.debug("no terminal for the live view", e);
      return Optional.empty();
    }
    if (!interactive(terminal)) {
      closeQuietly(terminal);
      return Optional.empty();
    }
    if (terminal instanceof TerminalExt ext && ext.getProvider() != null) {
      LOG.debug(
          "live view on a {} terminal ({} provider)", terminal.getType(), ext.getProvider().name());
    }
    String noColor = environment.get("NO_COLOR");
    Integer colours = terminal.getNumericCapability(Capability.max_colors);
    boolean colour = (noColor == null || noColor.isEmpty()) && colours != null && colours >= 8;
    return Optional.of(
        new TerminalView(terminal, screen, clock, colour, stderrIsTerminal(terminal)));
  }

  /**
   * Whether stderr goes to the terminal too. When it does not ({@code 2>run.log}), what the view
   * takes as events is also written there in full: the console alerts with their next steps.
   */
  private static boolean stderrIsTerminal(Terminal terminal) {
    try {
      return !(terminal instanceof TerminalExt ext)
          || ext.getProvider() == null
          || ext.getProvider().isSystemStream(SystemStream.Error);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Whether JLine found a real terminal on stdout (not its dumb fallback). */
  static boolean interactive(Terminal terminal) {
    String type = terminal.getType();
    return type != null
        && !type.equals(Terminal.TYPE_DUMB)
        && !type.startsWith(Terminal.TYPE_DUMB_COLOR);
  }

  /**
   * The terminal's size, or 80×24 where the pty has none (0×0, as {@code script} gives one whose
   * own input is not a terminal, or a container started with {@code -t}).
   */
  private Size currentSize() {
    Size now = terminal.getSize();
    return now.getColumns() > 0 && now.getRows() > 0 ? now : new Size(80, 24);
  }

  private TerminalView(
      Terminal terminal, FleetScreen screen, Clock clock, boolean colour, boolean stderrTerminal) {
    this.terminal = terminal;
    this.copyToStderr = !stderrTerminal;
    this.screen = Objects.requireNonNull(screen, "screen");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.colour = colour;
    this.original = terminal.getAttributes();
    Attributes quiet = new Attributes(original);
    quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
    terminal.setAttributes(quiet);
    terminal.puts(Capability.cursor_invisible);
    this.display = new Display(terminal, false);
    this.size = currentSize();
    display.resize(size);
    this.captured = new CapturedOutput(this::message);
    PrintStream capture = captured.printStream();
    System.setOut(capture);
    System.setErr(capture);
    this.resize = Signals.register("WINCH", this::redraw);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "probefleet-terminal-view");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts drawing, below what was printed so far. Until then (the fleet starting) the view only
   * holds stdout and stderr, so that what the fleet builds meanwhile writes into the view.
   */
  void show() {
    synchronized (this) {
      if (closed || shown) {
        return;
      }
      shown = true;
    }
    redraw();
    ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Where the web board is served: named in the header, as the view hides the lines above it. */
  void board(String url) {
    synchronized (this) {
      screen.board(url);
    }
  }

  /** The incidents open when the run starts, by target. */
  void openIncidents(Map<String, String> open) {
    synchronized (this) {
      screen.incidentsOpen(open);
    }
  }

  @Override
  public void started(int number, RoundSlot slot, Instant probesBy, Instant analysisBy) {
    synchronized (this) {
      screen.started(number, slot, clock.instant(), probesBy, analysisBy);
    }
    redraw();
  }

  @Override
  public void cycle(RoundLoop.Cycle cycle) {
    captured.drain();
    synchronized (this) {
      screen.cycle(cycle, clock.instant());
    }
    redraw();
  }

  @Override
  public void failed(
      int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem) {
    captured.drain();
    synchronized (this) {
      screen.failed(number, slot, problem, clock.instant());
    }
    redraw();
  }

  private void message(String text) {
    synchronized (this) {
      screen.message(text, clock.instant());
    }
    if (copyToStderr) {
      stderr.print(text);
      stderr.flush();
    }
  }

  private void tick() {
    captured.drainIdle(2 * TICK_MILLIS);
    synchronized (this) {
      tick++;
    }
    redraw();
  }

  /** Draws the screen at the terminal's current size; never throws (the run goes on without). */
  private synchronized void redraw() {
    if (closed || !shown) {
      return;
    }
    try {
      Size now = currentSize();
      if (!now.equals(size)) {
        // Terminals reflow what they show on a resize, each its own way: what was drawn can no
        // longer be found to be rewritten in place. Start again on a clear screen.
        size = now;
        terminal.puts(Capability.clear_screen);
        display = new Display(terminal, false);
        display.resize(now);
      }
      List<AttributedString> lines =
          screen.render(size.getColumns(), size.getRows(), clock.instant(), colour, tick);
      int last = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).columnLength();
      display.update(lines, size.cursorPos(Math.max(0, lines.size() - 1), last));
    } catch (RuntimeException e) {
      LOG.debug("live view not drawn", e);
    }
  }

  /**
   * Draws the last screen (when shown) and gives the terminal back: cursor below the screen and
   * visible, echo as it was, stdout and stderr the process's again. Idempotent (the run's shutdown
   * hook may call it too).
   */
  @Override
  public void close() {
    ticker.shutdownNow();
    captured.drain();
    synchronized (this) {
      if (closed) {
        return;
      }
      screen.stopped();
      redraw();
      closed = true;
      Signals.unregister("WINCH", resize);
      System.setOut(stdout);
      System.setErr(stderr);
      try {
        if (shown) {
          terminal.writer().println();
        }
        terminal.puts(Capability.cursor_normal);
        terminal.setAttributes(original);
        terminal.flush();
      } catch (RuntimeException e) {
        LOG.debug("terminal not restored", e);
      }
      closeQuietly(terminal);
    }
  }

  private static void closeQuietly(Terminal terminal) {
    try {
      terminal.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("terminal not closed", e);
    }
  }
}
