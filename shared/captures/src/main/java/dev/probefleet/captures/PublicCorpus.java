package dev.probefleet.captures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Error pages as people meet them in public — pasted into bug reports and Q&amp;A threads, shown in
 * vendors' documentation, written by the software's own templates — each with the address it was
 * read at, its true author ({@code meta.generator}) and its form (whole, headers only, body only,
 * rendered to text, cut short). They live under {@code
 * dev/probefleet/captures/public/<generator>/<slug>.json}, listed by {@value #INDEX_NAME}, and
 * measure the fingerprint rules on pages nobody wrote the rules from.
 *
 * <p>The corpus is split once, before the rules are tuned on it: {@value #SPLIT_NAME} assigns every
 * page to {@link Side#HELD_OUT} (a third of each generator's pages, drawn at random with the fixed
 * seed {@value #SEED}) or {@link Side#TUNING}. A page keeps its side for good: adding pages only
 * draws the new ones, so a held-out page can never move to the side rules are written from.
 *
 * <p>{@link #main} maintains both files after pages are added: {@code java -cp
 * shared/captures/target/classes dev.probefleet.captures.PublicCorpus
 * shared/captures/src/main/resources/dev/probefleet/captures/public}.
 */
public final class PublicCorpus {
  /** Where the corpus lives on the class path. */
  public static final String RESOURCE_ROOT = CapturedPages.RESOURCE_ROOT + "public/";

  /** The index file's name: one {@code <generator>/<slug>} per line, sorted. */
  public static final String INDEX_NAME = "index.txt";

  /** The split file's name: {@code <generator>/<slug> held-out|tuning} per line, sorted. */
  public static final String SPLIT_NAME = "split.txt";

  /** The seed of the held-out draw. Never change it: that would reshuffle the held-out pages. */
  public static final long SEED = 20261205L;

  /** Which part of the corpus a page belongs to. */
  public enum Side {
    /** Never looked at while writing rules; measures them. */
    HELD_OUT("held-out"),
    /** What rules may be written from. */
    TUNING("tuning");

    private final String id;

    Side(String id) {
      this.id = id;
    }

    /** The name in {@value #SPLIT_NAME}. */
    public String id() {
      return id;
    }

    static Side parse(String id, String where) {
      for (Side side : values()) {
        if (side.id.equals(id)) {
          return side;
        }
      }
      throw new MalformedCaptureException(where, "side must be held-out or tuning, not: " + id);
    }
  }

  private PublicCorpus() {}

  /** The page ids ({@code <generator>/<slug>}) listed by the shipped index, in index order. */
  public static List<String> ids() {
    return lines(RESOURCE_ROOT + INDEX_NAME);
  }

  /** The shipped split: page id to side. */
  public static Map<String, Side> split() {
    return parseSplit(String.join("\n", lines(RESOURCE_ROOT + SPLIT_NAME)), SPLIT_NAME);
  }

  /** The text of one shipped page, by id. */
  public static String text(String id) {
    return resource(RESOURCE_ROOT + id + ".json")
        .orElseThrow(
            () -> new CapturedPageNotFoundException("public", id, "no " + id + ".json in the jar"));
  }

  /**
   * The page ids found in a corpus directory: every {@code <generator>/<slug>.json}, sorted.
   *
   * @param directory the corpus directory (the source tree's {@code public/})
   */
  public static List<String> idsIn(Path directory) {
    try (Stream<Path> files = Files.walk(directory, 2)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .map(p -> directory.relativize(p).toString().replace('\\', '/'))
          .map(id -> id.substring(0, id.length() - ".json".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  /**
   * The split after assigning every page not assigned yet; pages already assigned keep their side.
   * Per generator, new pages are shuffled with a generator's own stream of {@link #SEED} and drawn
   * to the held-out side until it holds a third (rounded) of that generator's pages.
   *
   * @param ids every page id
   * @param existing the split so far
   */
  public static Map<String, Side> assign(List<String> ids, Map<String, Side> existing) {
    Map<String, List<String>> byGenerator = new TreeMap<>();
    for (String id : new TreeSet<>(ids)) {
      byGenerator.computeIfAbsent(generatorOf(id), g -> new ArrayList<>()).add(id);
    }
    Map<String, Side> result = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : byGenerator.entrySet()) {
      List<String> pages = e.getValue();
      List<String> fresh = new ArrayList<>();
      long heldOut = 0;
      for (String id : pages) {
        Side side = existing.get(id);
        if (side == null) {
          fresh.add(id);
        } else {
          result.put(id, side);
          heldOut += side == Side.HELD_OUT ? 1 : 0;
        }
      }
      Collections.shuffle(fresh, new Random(SEED ^ e.getKey().hashCode()));
      long target = Math.round(pages.size() / 3.0);
      for (String id : fresh) {
        Side side = heldOut < target ? Side.HELD_OUT : Side.TUNING;
        heldOut += side == Side.HELD_OUT ? 1 : 0;
        result.put(id, side);
      }
    }
    return result;
  }

  /** The generator of a page id: its directory. */
  public static String generatorOf(String id) {
    int slash = id.indexOf('/');
    if (slash <= 0) {
      throw new MalformedCaptureException(id, "a page id is <generator>/<slug>");
    }
    return id.substring(0, slash);
  }

  /** Parses a split file's text. */
  static Map<String, Side> parseSplit(String text, String where) {
    Map<String, Side> split = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+");
      if (parts.length != 2) {
        throw new MalformedCaptureException(
            where + ":" + lineNo, "expected \"<generator>/<slug> held-out|tuning\", got: " + l);
      }
      if (split.put(parts[0], Side.parse(parts[1], where + ":" + lineNo)) != null) {
        throw new MalformedCaptureException(where + ":" + lineNo, "listed twice: " + parts[0]);
      }
    }
    return split;
  }

  /** The text of a split file. */
  static String formatSplit(Map<String, Side> split) {
    StringBuilder out =
        new StringBuilder(
            "# Held-out split of the public corpus (PublicCorpus, seed "
                + SEED
                + "). Never edit a line: a held-out page stays held out.\n");
    new TreeMap<>(split)
        .forEach((id, side) -> out.append(id).append(' ').append(side.id()).append('\n'));
    return out.toString();
  }

  /**
   * Rewrites the index of a corpus directory and assigns its new pages in the split file.
   *
   * @param args the corpus directory
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PublicCorpus <corpus directory>");
      System.exit(2);
    }
    Path directory = Path.of(args[0]);
    List<String> ids = idsIn(directory);
    Path splitFile = directory.resolve(SPLIT_NAME);
    Map<String, Side> existing =
        Files.exists(splitFile)
            ? parseSplit(Files.readString(splitFile), splitFile.toString())
            : Map.of();
    List<String> gone = existing.keySet().stream().filter(id -> !ids.contains(id)).toList();
    if (!gone.isEmpty()) {
      System.err.println("pages in " + splitFile + " but not in the directory: " + gone);
      System.exit(1);
    }
    Map<String, Side> split = assign(ids, existing);
    Files.writeString(directory.resolve(INDEX_NAME), String.join("\n", ids) + "\n");
    Files.writeString(splitFile, formatSplit(split));
    long held = split.values().stream().filter(s -> s == Side.HELD_OUT).count();
    System.out.printf(
        "%d pages, %d held out, %d newly assigned%n",
        split.size(), held, split.size() - existing.size());
  }

  private static List<String> lines(String resource) {
    String text =
        PublicCorpus.resource(resource)
            .orElseThrow(
                () ->
                    new CapturedPageNotFoundException(
                        "public", resource, "missing from the class path"));
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static java.util.Optional<String> resource(String name) {
    try (InputStream in = PublicCorpus.class.getClassLoader().getResourceAsStream(name)) {
      return in == null
          ? java.util.Optional.empty()
          : java.util.Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
