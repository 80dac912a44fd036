package dev.probefleet.cli;

import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.probing.RoundProblem;
import dev.probefleet.run.RoundLoop;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * What the live terminal view of {@code probefleet run} shows, as lines of a given size: a header
 * (round, slot, interval, store, the round in flight or the time to the next one), a line per
 * target (each path's state and latency, the verdict coloured by severity, the open incident), and
 * the last events (incidents opened and resolved, alerts, slow and failed rounds). Fed by the round
 * loop's events; it draws nothing itself ({@link TerminalView} does), so what a person sees is
 * tested without a terminal.
 *
 * <p>Lines never wrap: each is cut to the width. With more targets than rows, the failing ones come
 * first and the rest are counted on one line. Not thread-safe: its owner serialises calls.
 */
final class FleetScreen {
  /** Events kept for the event area (more than any terminal shows). */
  static final int EVENTS_KEPT = 50;

  /** Events shown at most, below the targets. */
  static final int EVENTS_SHOWN = 5;

  private static final int NAME_WIDTH_MAX = 28;
  private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final List<PathKind> PATHS = List.of(PathKind.CDN, PathKind.LB, PathKind.ORIGIN);

  private final Duration interval;
  private final String store;
  private final Map<String, Row> rows = new TreeMap<>();
  private final Map<String, String> openIncidents = new HashMap<>();
  private final Deque<Event> events = new ArrayDeque<>();
  private InFlight inFlight;
  private Finished last;
  private boolean stopped;

  /**
   * @param targets the targets being run (shown as waiting until the first round)
   * @param interval the time between rounds
   * @param store the store, as the header names it
   */
  private String board;

  /** The web board's address, once it is served. */
  void board(String url) {
    board = url;
  }

  FleetScreen(Collection<String> targets, Duration interval, String store) {
    this.interval = Objects.requireNonNull(interval, "interval");
    this.store = Objects.requireNonNull(store, "store");
    targets.forEach(t -> rows.put(t, Row.waiting()));
  }

  /** The incident open per target as the store had it when the run started (after a restart). */
  void incidentsOpen(Map<String, String> open) {
    openIncidents.putAll(open);
  }

  // --- what happened -----------------------------------------------------------------------------

  void started(int number, RoundSlot slot, Instant at, Instant probesBy, Instant analysisBy) {
    inFlight = new InFlight(number, slot, at, probesBy, analysisBy);
  }

  void cycle(RoundLoop.Cycle c, Instant at) {
    inFlight = null;
    last = new Finished(c.number(), c.slot(), c.took(), c.slow(), c.slot().next().start());
    Map<String, RoundRecord> records =
        c.probe().rounds().stream()
            .collect(Collectors.toMap(RoundRecord::target, r -> r, (a, b) -> a, HashMap::new));
    for (TargetAnalysis t : c.analysis().targets()) {
      for (Transition tr : t.transitions()) {
        if (tr.kind() == TransitionKind.RESOLVED) {
          openIncidents.remove(tr.target());
        } else {
          openIncidents.put(tr.target(), tr.incidentId());
        }
        event(transition(tr, at));
      }
      RoundRecord record = records.remove(t.target());
      rows.put(t.target(), Row.of(record, t));
    }
    records.values().forEach(r -> rows.put(r.target(), Row.of(r, null)));
    if (c.slow()) {
      event(
          at,
          Kind.WARNING,
          "round "
              + c.number()
              + " SLOW: took "
              + seconds(c.took())
              + ", longer than the interval");
    }
    if (!c.skipped().isEmpty()) {
      event(at, Kind.WARNING, c.skipped().size() + " slot(s) skipped after a slow round");
    }
    List<RoundProblem> problems = c.probe().problems();
    problems.stream().limit(3).forEach(p -> event(at, Kind.WARNING, "not probed: " + p));
    if (problems.size() > 3) {
      event(at, Kind.WARNING, (problems.size() - 3) + " more path(s) not probed");
    }
    if (!c.analysis().alertsPending().isEmpty()) {
      event(
          at,
          Kind.WARNING,
          c.analysis().alertsPending().size()
              + " alert(s) not sent yet: kept in the outbox, retried next round");
    }
    if (!c.analysis().alertsDeadLettered().isEmpty()) {
      event(
          at,
          Kind.FAILURE,
          c.analysis().alertsDeadLettered().size() + " alert(s) given up (dead letters)");
    }
    c.analysis().errors().forEach(e -> event(at, Kind.FAILURE, "problem: " + e));
  }

  void failed(int number, RoundSlot slot, RuntimeException problem, Instant at) {
    inFlight = null;
    last = new Finished(number, slot, null, false, slot.next().start());
    event(at, Kind.FAILURE, "round " + number + " FAILED: " + problem);
  }

  /** The run is over: the screen stays as the last round left it, with no countdown. */
  void stopped() {
    stopped = true;
    inFlight = null;
  }

  /**
   * Something else printed while the view owns the terminal (a console alert, a log line): its
   * first line, and how many more it had.
   */
  void message(String text, Instant at) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return;
    }
    // A framed block (the console alert's "=== ALERT … ===") is shown by its title.
    String first = lines.get(0).replaceAll("^[=\\-\\s]+|[=\\-\\s]+$", "");
    event(
        at,
        first.contains("ALERT") ? Kind.ALERT : Kind.INFO,
        lines.size() == 1 ? first : first + "  (+" + (lines.size() - 1) + " lines)");
  }

  // --- drawing -----------------------------------------------------------------------------------

  /**
   * The screen as lines of at most {@code width} columns, at most {@code height} of them.
   *
   * @param now the time the countdown and the elapsed time count from
   * @param colour whether to colour (a TTY without {@code NO_COLOR}); bold stays either way
   * @param tick the spinner's frame while a round is in flight
   */
  List<AttributedString> render(int width, int height, Instant now, boolean colour, int tick) {
    Styles s = new Styles(colour);
    List<AttributedString> out = new ArrayList<>();
    out.add(header(s));
    out.add(status(s, now, tick));

    List<String> names = new ArrayList<>(rows.keySet());
    int eventsWanted = events.isEmpty() ? 0 : 1 + Math.min(EVENTS_SHOWN, events.size());
    // Below the header and the column titles, keeping the last row for the cursor.
    int available = Math.max(0, height - out.size() - 2);
    int eventRows =
        Math.min(eventsWanted, Math.max(available - names.size(), Math.min(3, eventsWanted)));
    eventRows = Math.max(0, Math.min(eventRows, available - 2));
    if (eventRows == 1) {
      eventRows = 0;
    }
    int targetRows = available - eventRows;
    List<String> shown = names;
    String more = null;
    if (names.size() > targetRows) {
      List<String> failingFirst = new ArrayList<>(names);
      failingFirst.sort((a, b) -> Boolean.compare(!rows.get(a).failing(), !rows.get(b).failing()));
      int fit = Math.max(0, targetRows - 1);
      shown = failingFirst.subList(0, fit);
      List<String> hidden = failingFirst.subList(fit, failingFirst.size());
      long failingHidden = hidden.stream().filter(n -> rows.get(n).failing()).count();
      more =
          "… "
              + hidden.size()
              + " more "
              + (failingHidden == 0
                  ? "healthy"
                  : "("
                      + failingHidden
                      + " failing, "
                      + (hidden.size() - failingHidden)
                      + " healthy)");
    }
    out.add(table(s, names));
    for (String name : shown) {
      out.add(targetLine(s, name, rows.get(name), names));
    }
    if (more != null && targetRows > 0) {
      out.add(new AttributedString(more, s.dim));
    }
    if (eventRows > 0) {
      out.add(new AttributedString("events", s.bold));
      events.stream()
          .skip(Math.max(0, events.size() - (eventRows - 1)))
          .forEach(e -> out.add(eventLine(s, e)));
    }
    return out.stream()
        .limit(Math.max(0, height))
        .map(line -> line.columnLength() > width ? line.columnSubSequence(0, width) : line)
        .toList();
  }

  private AttributedString header(Styles s) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    b.append("probefleet run", s.bold);
    Optional.ofNullable(inFlight)
        .map(f -> " · round " + f.number() + " · slot " + f.slot().id())
        .or(
            () ->
                Optional.ofNullable(last)
                    .map(l -> " · round " + l.number() + " · slot " + l.slot().id()))
        .ifPresent(b::append);
    b.append(" · every " + seconds(interval) + " · store " + store);
    if (board != null) {
      b.append(" · board " + board);
    }
    return b.toAttributedString();
  }

  private AttributedString status(Styles s, Instant now, int tick) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    if (inFlight != null) {
      b.append(SPINNER[Math.floorMod(tick, SPINNER.length)], s.accent);
      b.append(
          " round "
              + inFlight.number()
              + " in flight "
              + seconds(Duration.between(inFlight.started(), now))
              + " · probes by "
              + seconds(Duration.between(inFlight.started(), inFlight.probesBy()))
              + " · analysis by "
              + seconds(Duration.between(inFlight.started(), inFlight.analysisBy())));
    } else if (last != null) {
      if (last.took() == null) {
        b.append("round " + last.number() + " failed", s.failure);
      } else {
        b.append("round " + last.number() + " took " + seconds(last.took()));
        if (last.slow()) {
          b.append(" (SLOW)", s.warning);
        }
      }
      Duration wait = Duration.between(now, last.nextAt());
      b.append(
          stopped
              ? " · stopped"
              : wait.isNegative() || wait.isZero()
                  ? " · next round due"
                  : " · next round in " + seconds(wait));
    } else {
      b.append(stopped ? "stopped before the first round" : "waiting for the first round");
    }
    return b.toAttributedString();
  }

  private AttributedString table(Styles s, List<String> all) {
    AttributedStringBuilder b = new AttributedStringBuilder().style(s.bold);
    b.append(pad("TARGET", nameWidth(all)));
    int[] widths = cellWidths();
    for (int i = 0; i < PATHS.size(); i++) {
      b.append("  ").append(pad(PATHS.get(i).key().toUpperCase(Locale.ROOT), widths[i]));
    }
    if (openIncidents.isEmpty()) {
      b.append("  VERDICT");
    } else {
      b.append("  ").append(pad("VERDICT", verdictWidth())).append("  INCIDENT");
    }
    return b.toAttributedString();
  }

  private AttributedString targetLine(Styles s, String name, Row row, List<String> all) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    b.append(pad(cut(name, NAME_WIDTH_MAX), nameWidth(all)));
    int[] widths = cellWidths();
    for (int i = 0; i < PATHS.size(); i++) {
      Cell cell = row.cells().get(i);
      b.append("  ");
      int width = widths[i];
      b.append(cell.state(), cell.failing() ? s.failure : cell.ok() ? s.ok : s.dim);
      String latency = cell.latency().isEmpty() ? "" : " " + cell.latency();
      b.append(latency, s.dim);
      b.append(" ".repeat(Math.max(0, width - cell.width())));
    }
    b.append("  ");
    String incident = openIncidents.get(name);
    String verdict = row.verdictText();
    b.append(verdict, row.verdictStyle(s));
    if (incident != null) {
      b.append(" ".repeat(Math.max(0, verdictWidth() - verdict.length())));
      b.append("  " + incident, s.accent);
    }
    return b.toAttributedString();
  }

  private AttributedString eventLine(Styles s, Event e) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    b.append(TIME.format(e.at()), s.dim).append(" ");
    b.append(
        e.text(),
        switch (e.kind()) {
          case FAILURE, OPENED -> s.failure;
          case WARNING, ALERT -> s.warning;
          case RESOLVED -> s.ok;
          case INFO -> AttributedStyle.DEFAULT;
        });
    return b.toAttributedString();
  }

  private int nameWidth(List<String> all) {
    return Math.min(
        NAME_WIDTH_MAX,
        Math.max("TARGET".length(), all.stream().mapToInt(String::length).max().orElse(0)));
  }

  private int verdictWidth() {
    return Math.max(
        "VERDICT".length(),
        rows.values().stream().mapToInt(r -> r.verdictText().length()).max().orElse(0));
  }

  /** Each path column as wide as its widest cell among all targets, so columns stay put. */
  private int[] cellWidths() {
    int[] widths = new int[PATHS.size()];
    for (int i = 0; i < PATHS.size(); i++) {
      widths[i] = PATHS.get(i).key().length();
    }
    for (Row row : rows.values()) {
      for (int i = 0; i < PATHS.size(); i++) {
        widths[i] = Math.max(widths[i], row.cells().get(i).width());
      }
    }
    return widths;
  }

  private void event(Event e) {
    events.addLast(e);
    while (events.size() > EVENTS_KEPT) {
      events.removeFirst();
    }
  }

  private void event(Instant at, Kind kind, String text) {
    event(new Event(at, kind, text));
  }

  private static Event transition(Transition tr, Instant at) {
    Signature sig = tr.signature();
    String what = sig.layer() + " " + sig.cause() + " " + sig.severity();
    return switch (tr.kind()) {
      case OPENED ->
          new Event(
              at,
              Kind.OPENED,
              "OPENED " + tr.target() + " " + what + "  incident " + tr.incidentId());
      case UPDATED ->
          new Event(
              at,
              Kind.WARNING,
              "UPDATED "
                  + tr.target()
                  + " "
                  + what
                  + tr.previous()
                      .map(p -> " (was " + p.layer() + " " + p.cause() + " " + p.severity() + ")")
                      .orElse("")
                  + "  incident "
                  + tr.incidentId());
      case RESOLVED ->
          new Event(
              at,
              Kind.RESOLVED,
              "RESOLVED " + tr.target() + " (was " + what + ")  incident " + tr.incidentId());
    };
  }

  static String seconds(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (ms < 60_000) {
      return (ms / 1000) + " s";
    }
    long s = ms / 1000;
    return s < 3600
        ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  // --- values ------------------------------------------------------------------------------------

  private record InFlight(
      int number, RoundSlot slot, Instant started, Instant probesBy, Instant analysisBy) {}

  /** The last round that ended; {@code took} is null for a failed one. */
  private record Finished(
      int number, RoundSlot slot, Duration took, boolean slow, Instant nextAt) {}

  enum Kind {
    INFO,
    WARNING,
    FAILURE,
    ALERT,
    OPENED,
    RESOLVED
  }

  record Event(Instant at, Kind kind, String text) {}

  /** One path column of a target's line: its state (ok or the failure class) and latency. */
  record Cell(String state, String latency, boolean ok, boolean failing) {
    static final Cell NONE = new Cell("-", "", false, false);

    int width() {
      return state.length() + (latency.isEmpty() ? 0 : 1 + latency.length());
    }

    /**
     * A kind of path in a round: its representative answer (the first failing one, for several
     * origins), how many of several failed, and its total time. {@code -} when the target has no
     * such path (or this region does not probe it).
     */
    static Cell of(RoundRecord record, PathKind kind) {
      List<PathObservation> observed = record.of(kind);
      if (observed.isEmpty()) {
        boolean unprobed =
            record.unprobed().stream()
                .anyMatch(
                    u -> u.label().equals(kind.key()) || u.label().startsWith(kind.key() + "["));
        return unprobed ? new Cell("unprobed", "", false, true) : NONE;
      }
      List<PathObservation> failing =
          observed.stream().filter(o -> o.representative().failing()).toList();
      PathObservation shown = failing.isEmpty() ? observed.get(0) : failing.get(0);
      ProbeResult answer = shown.representative();
      StringBuilder state = new StringBuilder();
      if (answer.failureClass() == FailureClass.OK) {
        state.append("ok");
      } else {
        state.append(answer.failureClass());
        if (answer.status() != null) {
          state.append(' ').append(answer.status());
        }
      }
      if (shown.intermittent()) {
        state.append(' ').append(Math.round(shown.failureRate() * 100)).append('%');
      }
      if (observed.size() > 1) {
        state.append(
            failing.isEmpty()
                ? " ×" + observed.size()
                : " " + failing.size() + "/" + observed.size());
      }
      return new Cell(
          state.toString(),
          millis(answer.timings().total()),
          failing.isEmpty(),
          !failing.isEmpty());
    }

    private static String millis(long nanos) {
      double ms = nanos / 1_000_000.0;
      return ms < 10
          ? String.format(Locale.ROOT, "%.1fms", ms)
          : String.format(Locale.ROOT, "%.0fms", ms);
    }
  }

  /** A target's line as the last round left it. */
  private record Row(List<Cell> cells, String verdictText, Severity severity, boolean failing) {
    static Row waiting() {
      return new Row(List.of(Cell.NONE, Cell.NONE, Cell.NONE), "waiting for a round", null, false);
    }

    static Row of(RoundRecord record, TargetAnalysis analysis) {
      RoundRecord round = record == null ? null : record.confirmed();
      List<Cell> cells =
          PATHS.stream().map(k -> round == null ? Cell.NONE : Cell.of(round, k)).toList();
      boolean pathFails = cells.stream().anyMatch(Cell::failing);
      if (analysis == null) {
        return new Row(cells, "not analysed", null, pathFails);
      }
      Optional<Verdict> verdict = analysis.verdict();
      if (verdict.isPresent()) {
        Verdict v = verdict.get();
        return v.healthy()
            ? new Row(cells, "healthy", Severity.INFO, pathFails)
            : new Row(
                cells,
                v.layer() + " " + v.cause() + " " + v.severity(),
                v.layer() == Layer.INCONCLUSIVE ? Severity.WARN : v.severity(),
                true);
      }
      return switch (analysis.status()) {
        case UP_TO_DATE ->
            new Row(cells, "analysed already (restart within the slot)", null, pathFails);
        case NO_ROUNDS -> new Row(cells, "no complete round to analyse", Severity.WARN, true);
        case FAILED ->
            new Row(
                cells,
                "analysis failed: " + analysis.error().orElse("unknown"),
                Severity.PAGE,
                true);
        case SKIPPED -> new Row(cells, "not analysed: deadline reached", Severity.WARN, true);
        case ANALYSED -> new Row(cells, "analysed", null, pathFails);
      };
    }

    AttributedStyle verdictStyle(Styles s) {
      if (severity == null) {
        return s.dim;
      }
      return switch (severity) {
        case PAGE -> s.page;
        case WARN -> s.warning;
        case INFO -> s.ok;
      };
    }
  }

  /** Colours on a TTY, plain otherwise (bold is not colour: {@code NO_COLOR} keeps it). */
  private static final class Styles {
    final AttributedStyle bold = AttributedStyle.BOLD;
    final AttributedStyle ok;
    final AttributedStyle failure;
    final AttributedStyle page;
    final AttributedStyle warning;
    final AttributedStyle accent;
    final AttributedStyle dim;

    Styles(boolean colour) {
      AttributedStyle plain = AttributedStyle.DEFAULT;
      ok = colour ? plain.foreground(AttributedStyle.GREEN) : plain;
      failure = colour ? plain.foreground(AttributedStyle.RED) : plain;
      page = colour ? plain.foreground(AttributedStyle.RED).bold() : plain.bold();
      warning = colour ? plain.foreground(AttributedStyle.YELLOW) : plain;
      accent = colour ? plain.foreground(AttributedStyle.CYAN) : plain;
      dim = colour ? plain.faint() : plain;
    }
  }
}
