package dev.probefleet.cli.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The soak drawn as a PNG with Java2D (headless, no dependency): four panels over the same minutes
 * — memory (RSS and heap after GC), open descriptors, threads, each round's duration against the
 * interval — with the warm-up shaded, so a slope or a step shows at a glance.
 */
final class SoakChart {
  private static final int WIDTH = 1100;
  private static final int PANEL_HEIGHT = 190;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int GAP = 40;
  private static final Color RSS = new Color(0x1f77b4);
  private static final Color HEAP = new Color(0xd62728);
  private static final Color FDS = new Color(0x2ca02c);
  private static final Color THREADS = new Color(0x9467bd);
  private static final Color ROUNDS = new Color(0xff7f0e);

  private SoakChart() {}

  /** One line of a panel. */
  private record Series(String label, Color color, List<double[]> points) {}

  /** Writes the chart to {@code file}. */
  static void write(
      Path file,
      String title,
      SoakSettings settings,
      List<ProcessSample> samples,
      List<ReportedRound> rounds,
      java.time.Instant processStarted) {
    System.setProperty("java.awt.headless", "true");
    int height = TOP + 4 * PANEL_HEIGHT + 4 * GAP + 20;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, LEFT, 25);
      double maxMinutes =
          Math.max(
              settings.duration().toMillis() / 60_000.0,
              samples.isEmpty() ? 1 : samples.get(samples.size() - 1).minutes());
      double warmup = settings.warmup().toMillis() / 60_000.0;
      List<double[]> took = new ArrayList<>();
      for (ReportedRound r : rounds) {
        r.startedAt()
            .ifPresent(
                s ->
                    took.add(
                        new double[] {
                          Duration.between(processStarted, s).toMillis() / 60_000.0,
                          r.took().toMillis()
                        }));
      }
      List<double[]> interval =
          List.of(
              new double[] {0, settings.interval().toMillis()},
              new double[] {maxMinutes, settings.interval().toMillis()});
      int y = TOP;
      panel(
          g,
          y,
          "memory, MiB",
          maxMinutes,
          warmup,
          List.of(
              new Series("RSS", RSS, points(samples, ProcessSample::rssMib)),
              new Series(
                  "heap after GC",
                  HEAP,
                  points(
                      samples.stream().filter(s -> s.heapAfterGcKib() >= 0).toList(),
                      ProcessSample::heapMib))));
      y += PANEL_HEIGHT + GAP;
      panel(
          g,
          y,
          "open file descriptors",
          maxMinutes,
          warmup,
          List.of(new Series("fds", FDS, points(samples, s -> s.fds()))));
      y += PANEL_HEIGHT + GAP;
      panel(
          g,
          y,
          "threads",
          maxMinutes,
          warmup,
          List.of(new Series("threads", THREADS, points(samples, s -> s.threads()))));
      y += PANEL_HEIGHT + GAP;
      panel(
          g,
          y,
          "round duration, ms (by start)",
          maxMinutes,
          warmup,
          List.of(new Series("took", ROUNDS, took), new Series("interval", Color.GRAY, interval)));
    } finally {
      g.dispose();
    }
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new SoakException("cannot write the chart " + file, e);
    }
  }

  private static List<double[]> points(
      List<ProcessSample> samples, ToDoubleFunction<ProcessSample> value) {
    return samples.stream().map(s -> new double[] {s.minutes(), value.applyAsDouble(s)}).toList();
  }

  private static void panel(
      Graphics2D g, int top, String title, double maxX, double warmup, List<Series> series) {
    int left = LEFT;
    int right = WIDTH - RIGHT;
    int bottom = top + PANEL_HEIGHT;
    double maxY = 0;
    double minY = Double.MAX_VALUE;
    for (Series s : series) {
      for (double[] p : s.points()) {
        if (!Double.isNaN(p[1])) {
          maxY = Math.max(maxY, p[1]);
          minY = Math.min(minY, p[1]);
        }
      }
    }
    // From zero, so a flat line looks flat and a real climb still shows; headroom above.
    double top0 = maxY <= 0 ? 1 : niceCeiling(maxY * 1.15);
    g.setColor(new Color(0xf2f2f2));
    int warmX = x(Math.min(warmup, maxX), maxX, left, right);
    g.fillRect(left, top, warmX - left, PANEL_HEIGHT);
    g.setColor(Color.LIGHT_GRAY);
    g.setStroke(new BasicStroke(1));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i <= 4; i++) {
      double v = top0 * i / 4;
      int yy = y(v, top0, top, bottom);
      g.setColor(new Color(0xdddddd));
      g.drawLine(left, yy, right, yy);
      g.setColor(Color.DARK_GRAY);
      String label = v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : trim(v);
      g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), yy + 4);
    }
    int step = maxX > 30 ? 5 : maxX > 8 ? 1 : 0;
    double stepMinutes = step == 0 ? 0.5 : step;
    for (double m = 0; m <= maxX + 1e-9; m += stepMinutes) {
      int xx = x(m, maxX, left, right);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(xx, top, xx, bottom);
      g.setColor(Color.DARK_GRAY);
      String label = trim(m) + " min";
      g.drawString(label, xx - g.getFontMetrics().stringWidth(label) / 2, bottom + 14);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, PANEL_HEIGHT);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    g.drawString(title, left, top - 6);
    int legendX = right;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = series.size() - 1; i >= 0; i--) {
      Series s = series.get(i);
      legendX -= g.getFontMetrics().stringWidth(s.label()) + 30;
      g.setColor(s.color());
      g.fillRect(legendX, top - 15, 14, 4);
      g.setColor(Color.BLACK);
      g.drawString(s.label(), legendX + 18, top - 10);
    }
    for (Series s : series) {
      g.setColor(s.color());
      g.setStroke(new BasicStroke(2f));
      Path2D.Double line = new Path2D.Double();
      boolean started = false;
      for (double[] p : s.points()) {
        if (Double.isNaN(p[1])) {
          continue;
        }
        int xx = x(p[0], maxX, left, right);
        int yy = y(p[1], top0, top, bottom);
        if (started) {
          line.lineTo(xx, yy);
        } else {
          line.moveTo(xx, yy);
          started = true;
        }
        g.fillOval(xx - 2, yy - 2, 5, 5);
      }
      g.draw(line);
    }
  }

  private static int x(double minutes, double maxX, int left, int right) {
    return left + (int) Math.round((right - left) * minutes / maxX);
  }

  private static int y(double value, double maxY, int top, int bottom) {
    return bottom - (int) Math.round((bottom - top) * value / maxY);
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    // Each a multiple of 4 steps of a round number: the four grid lines get round labels.
    for (double f : new double[] {1, 1.2, 1.6, 2, 2.4, 3.2, 4, 4.8, 6, 8, 10}) {
      if (f * magnitude >= v) {
        return f * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
