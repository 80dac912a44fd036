package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.testing.RequiredTool;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view of {@code probefleet run} as a person sees it: the packaged CLI ({@code
 * bin/probefleet}) under a real pseudo-terminal — tmux, whose screen is read back as text, and
 * {@code script}, whose raw output shows the escape sequences — and the plain lines where stdout is
 * not a terminal or {@code --no-tty} is given. Needs tmux and script (Debian: {@code tmux}, {@code
 * bsdutils}): a test whose program is missing skips, and fails under {@code CI=true}, where {@code
 * .ci/run} installs both ({@link RequiredTool}).
 *
 * <p>Each test runs its own tmux server on a socket in its temporary directory ({@code -S}), killed
 * after the test.
 */
class TerminalViewIT {
  private static final Pattern ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
  private static final Pattern COLOUR = Pattern.compile("\u001b\\[[0-9;]*3[1-7][0-9;]*m");

  @TempDir Path dir;
  private boolean tmuxStarted;

  @AfterEach
  void killTmux() throws Exception {
    if (tmuxStarted) {
      exec(List.of("tmux", "-S", socket().toString(), "kill-server"));
    }
  }

  @Test
  void redrawsInPlaceAndLeavesItsLastScreenAsAPersonSeesIt() throws Exception {
    Path targets = RunCommandTest.refusedTarget(dir);
    tmux(
        Map.of(),
        run(targets, "--store", "memory", "--http", "off", "--interval", "2s", "--rounds", "3")
            + "; echo EXIT=$?");

    List<String> screen = waitForScreen(s -> s.contains("EXIT="));

    // Three rounds drawn over each other: one header, one line for the target, the last round's.
    assertThat(normalised(screen))
        .containsExactly(
            "run: 1 target(s) from <FILE>, a round every 2.0 s, store memory; Ctrl-C to stop",
            "probefleet run · round 3 · slot <SLOT> · every 2.0 s · store memory",
            "round 3 took <TIME> · stopped",
            "TARGET  CDN  LB  ORIGIN  VERDICT  INCIDENT",
            "shop  -  -  CONNECTION_REFUSED <MS>  ORIGIN CONNECTION_REFUSED PAGE  <ID>",
            "events",
            "<T> ALERT <ID>-1 — [PAGE] shop: OPENED ORIGIN CONNECTION_REFUSED [<ID>-1]  (+<N> lines)",
            "<T> OPENED shop ORIGIN CONNECTION_REFUSED PAGE  incident <ID>",
            "EXIT=0");
    String incident = incidentOf(screen, "shop ");
    assertThat(screen)
        .anyMatch(
            l -> l.endsWith("OPENED shop ORIGIN CONNECTION_REFUSED PAGE  incident " + incident));
    assertThat(COLOUR.matcher(tmuxOutput("capture-pane", "-p", "-e")).find())
        .as("the verdict is coloured on a terminal")
        .isTrue();
    assertThat(tmuxOutput("display-message", "-p", "#{cursor_flag}").strip())
        .as("the cursor is visible again")
        .isEqualTo("1");
  }

  @Test
  void ctrlCEndsWithTheLastScreenAndGivesTheTerminalBack() throws Exception {
    Path targets = RunCommandTest.refusedTarget(dir);
    tmux(
        Map.of(),
        run(targets, "--store", "memory", "--http", "off", "--interval", "2s")
            + "; echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\?echo'");
    waitForScreen(s -> s.contains("round 2 took"));

    tmuxOutput("send-keys", "-t", "run", "typed-ahead", "Enter");
    tmuxOutput("send-keys", "-t", "run", "C-c");
    List<String> screen = waitForScreen(s -> s.contains("EXIT="));

    assertThat(screen).anyMatch(l -> l.matches("round \\d+ took .* · stopped"));
    assertThat(screen).noneMatch(l -> l.contains("typed-ahead"));
    assertThat(screen.subList(screen.indexOf("EXIT=130"), screen.size()))
        .as("echo is on again after the view")
        .containsExactly("EXIT=130", "echo");
    assertThat(tmuxOutput("display-message", "-p", "#{cursor_flag}").strip()).isEqualTo("1");
  }

  @Test
  void noColorKeepsTheViewWithoutColour() throws Exception {
    Path targets = RunCommandTest.refusedTarget(dir);
    tmux(
        Map.of("NO_COLOR", "1"),
        run(targets, "--store", "memory", "--http", "off", "--interval", "2s", "--rounds", "2")
            + "; echo EXIT=$?");
    List<String> screen = waitForScreen(s -> s.contains("EXIT="));

    assertThat(screen).anyMatch(l -> l.contains("ORIGIN CONNECTION_REFUSED PAGE"));
    String escaped = tmuxOutput("capture-pane", "-p", "-e");
    assertThat(COLOUR.matcher(escaped).find()).as(escaped).isFalse();
  }

  @Test
  void underScriptTheRawOutputMovesTheCursorToRedraw() throws Exception {
    Path targets = RunCommandTest.refusedTarget(dir);
    String out =
        script(
            run(
                targets,
                "--store",
                "memory",
                "--http",
                "off",
                "--interval",
                "2s",
                "--rounds",
                "2"));

    assertThat(out)
        .contains("\u001b[?25l") // cursor hidden while drawing
        .contains("\u001b[?25h") // and shown again
        .contains("CONNECTION_REFUSED")
        .containsPattern("\u001b\\[\\d*A"); // up to the top of the view, to redraw it
    assertThat(out).doesNotContain("round 1 (slot");
  }

  @Test
  void noTtyUnderAPseudoTerminalPrintsPlainLines() throws Exception {
    Path targets = RunCommandTest.refusedTarget(dir);
    String out =
        script(
            run(
                targets,
                "--store",
                "memory",
                "--http",
                "off",
                "--interval",
                "2s",
                "--rounds",
                "2",
                "--no-tty"));

    assertThat(out).doesNotContain("\u001b");
    assertThat(out).containsPattern("round 1 \\(slot [^)]+\\): 1 target\\(s\\), 1 path\\(s\\)");
    assertThat(out).containsPattern("\n  shop +ORIGIN CONNECTION_REFUSED PAGE");
    assertThat(out).contains("=== ALERT ");
  }

  @Test
  void stdoutNotATerminalPrintsPlainLines() throws Exception {
    Path targets = RunCommandTest.refusedTarget(dir);
    Path out = dir.resolve("out");
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh",
                "-c",
                run(
                    targets,
                    "--store",
                    "memory",
                    "--http",
                    "off",
                    "--interval",
                    "2s",
                    "--rounds",
                    "2"))
            .redirectInput(new File("/dev/null"))
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("err").toFile());
    Process p = builder.start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();

    String text = Files.readString(out);
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isZero();
    assertThat(text).doesNotContain("\u001b");
    assertThat(text.lines().filter(l -> l.matches(".* round \\d \\(slot .*")).count()).isEqualTo(2);
    assertThat(text).containsPattern("\n  shop +ORIGIN CONNECTION_REFUSED PAGE");
  }

  /** The test's own tmux server: a socket in its temporary directory, gone with it. */
  private Path socket() {
    return dir.resolve("tmux.sock");
  }

  // --- running it --------------------------------------------------------------------------------

  private static String run(Path targets, String... flags) {
    Path launcher =
        Path.of(System.getProperty("probefleet.root", "../.."), "bin", "probefleet")
            .toAbsolutePath()
            .normalize();
    return "cd '"
        + targets.getParent()
        + "' && '"
        + launcher
        + "' run --config '"
        + targets.getFileName()
        + "' "
        + String.join(" ", flags);
  }

  /** Starts the command in a detached 160×20 tmux session named {@code run}, on its own server. */
  private void tmux(Map<String, String> env, String command) throws Exception {
    RequiredTool.requireOnPath("tmux", "apt-get install tmux");
    List<String> args =
        new ArrayList<>(
            List.of(
                "tmux",
                "-S",
                socket().toString(),
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "run",
                "-x",
                "160",
                "-y",
                "20"));
    env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
    // the pane stays after the command, for its screen to be read
    args.add(command + "; sleep 600");
    tmuxStarted = true;
    Result r = exec(args);
    assertThat(r.exit()).as(r.out()).isZero();
  }

  private String tmuxOutput(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket().toString(), args[0]));
    if (args[0].equals("capture-pane") || args[0].equals("display-message")) {
      command.addAll(List.of("-t", "run"));
    }
    command.addAll(List.of(args).subList(1, args.length));
    Result r = exec(command);
    assertThat(r.exit()).as(r.out()).isZero();
    return r.out();
  }

  /** The pane's lines, trailing blanks cut, once {@code done} holds (at most 90 s). */
  private List<String> waitForScreen(Predicate<String> done) throws Exception {
    Instant until = Instant.now().plus(Duration.ofSeconds(90));
    String text = "";
    while (Instant.now().isBefore(until)) {
      text = tmuxOutput("capture-pane", "-p");
      if (done.test(text)) {
        List<String> lines = new ArrayList<>(text.lines().map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
          lines.remove(lines.size() - 1);
        }
        return lines;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the screen never got there:\n" + text);
  }

  /** What a command writes to a pty that {@code script} records, escape sequences and all. */
  private String script(String command) throws Exception {
    RequiredTool.requireOnPath("script", "apt-get install bsdutils");
    Path out = dir.resolve("typescript-out");
    Process p =
        new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
            .redirectInput(new File("/dev/null"))
            .redirectOutput(out.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }

  /**
   * The screen with what changes from run to run replaced (ids, times, slots, latencies, the file's
   * path) and the padding between columns, which follows the latencies' widths, made two spaces.
   */
  private List<String> normalised(List<String> screen) {
    return screen.stream()
        .map(l -> l.replace(dir.resolve("targets.yaml").getFileName().toString(), "<FILE>"))
        .map(l -> ID.matcher(l).replaceAll("<ID>"))
        .map(l -> l.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<SLOT>"))
        .map(l -> l.replaceAll("^\\d\\d:\\d\\d:\\d\\dZ", "<T>"))
        .map(l -> l.replaceAll("took [0-9.]+ m?s", "took <TIME>"))
        .map(l -> l.replaceAll("\\b[0-9.]+ms\\b", "<MS>"))
        .map(l -> l.replaceAll("\\(\\+\\d+ lines\\)", "(+<N> lines)"))
        .map(l -> l.replaceAll(" {2,}", "  "))
        .toList();
  }

  private static String incidentOf(List<String> screen, String row) {
    return screen.stream()
        .filter(l -> l.startsWith(row))
        .map(ID::matcher)
        .filter(java.util.regex.Matcher::find)
        .map(java.util.regex.Matcher::group)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no incident on the row " + row + ": " + screen));
  }

  private record Result(int exit, String out) {}

  private static Result exec(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
