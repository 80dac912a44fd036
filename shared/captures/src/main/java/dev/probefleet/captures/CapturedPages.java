package dev.probefleet.captures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pages recorded from real software and shipped in this jar, under {@code
 * dev/probefleet/captures/<software>/<scenario>.json}, listed by {@code
 * dev/probefleet/captures/index.txt} (a jar cannot be listed portably). Re-record them with {@link
 * RealSoftwareCapture}.
 */
public final class CapturedPages {
  /** Where the pages live on the class path. */
  public static final String RESOURCE_ROOT = "dev/probefleet/captures/";

  /** The index resource: one {@code <software>/<scenario>} per line. */
  public static final String INDEX = RESOURCE_ROOT + "index.txt";

  private CapturedPages() {}

  /** Every shipped page, in index order. */
  public static List<CapturedPage> all() {
    return Holder.ALL;
  }

  /** The shipped pages of one software. */
  public static List<CapturedPage> of(Software software) {
    return all().stream().filter(p -> p.software() == software).toList();
  }

  /** The shipped page of one software and scenario, if one was recorded. */
  public static Optional<CapturedPage> find(Software software, Scenario scenario) {
    return all().stream()
        .filter(p -> p.software() == software && p.scenario() == scenario)
        .findFirst();
  }

  /**
   * The shipped page of one software and scenario.
   *
   * @throws CapturedPageNotFoundException when none was recorded
   */
  public static CapturedPage load(Software software, Scenario scenario) {
    return find(software, scenario)
        .orElseThrow(
            () ->
                new CapturedPageNotFoundException(
                    software.id(), scenario.id(), "not listed in " + INDEX));
  }

  /**
   * Reads one capture file (e.g. one {@link RealSoftwareCapture} just wrote).
   *
   * @throws MalformedCaptureException naming the file and field
   */
  public static CapturedPage read(Path file) {
    try {
      return CapturedPage.fromJson(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Reads every {@code <software>/<scenario>.json} below a directory, sorted by path. */
  public static List<CapturedPage> readDirectory(Path directory) {
    try (Stream<Path> files = Files.walk(directory, 2)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted(Comparator.comparing(Path::toString))
          .map(CapturedPages::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  private static final class Holder {
    static final List<CapturedPage> ALL = loadAll();

    private static List<CapturedPage> loadAll() {
      String index = resource(INDEX);
      List<CapturedPage> pages = new ArrayList<>();
      for (String line : index.split("\n")) {
        String id = line.strip();
        if (id.isEmpty() || id.startsWith("#")) {
          continue;
        }
        String name = RESOURCE_ROOT + id + ".json";
        pages.add(CapturedPage.fromJson(resource(name), name));
      }
      return List.copyOf(pages);
    }

    private static String resource(String name) {
      try (InputStream in = CapturedPages.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null && name.equals(INDEX)) {
          throw new CapturedPageNotFoundException(
              "*", "*", "the index " + INDEX + " is missing from the class path");
        }
        if (in == null) {
          String[] parts = name.substring(RESOURCE_ROOT.length()).split("/", 2);
          throw new CapturedPageNotFoundException(
              parts[0], parts.length > 1 ? parts[1] : "", "resource " + name + " is missing");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read resource " + name, e);
      }
    }
  }
}
