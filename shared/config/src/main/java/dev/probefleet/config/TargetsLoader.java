package dev.probefleet.config;

import dev.probefleet.config.internal.Problems;
import dev.probefleet.config.internal.TargetsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads a targets file: parses it, checks it against the schema of DESIGN §3, applies the defaults
 * and inlines the files it refers to, so a bad file fails here — before the first probe — and a
 * good one needs nothing from the local disk afterwards.
 *
 * <p>Every problem of the file is reported together in one {@link ConfigException}, each as {@code
 * FILE:LINE:COLUMN: FIELD: message}. The schema is documented in {@link dev.probefleet.config}.
 *
 * <p>Hostile files are bounded: at most {@value #MAX_FILE_BYTES} bytes, at most {@value
 * dev.probefleet.config.internal.YamlDocument#MAX_COLLECTION_ALIASES} aliases to lists or mappings,
 * and at most {@value dev.probefleet.config.internal.Problems#MAX_VISITS} values visited however
 * the aliases multiply.
 */
public final class TargetsLoader {

  /** The largest targets file accepted, in bytes (5 MiB). */
  public static final int MAX_FILE_BYTES = 5 * 1024 * 1024;

  private TargetsLoader() {}

  /**
   * Loads a targets file from disk. Files it names ({@code caFile}, {@code fingerprintRules}) are
   * resolved against its directory.
   *
   * @param file the targets file; problems name it as given here
   * @throws ConfigException listing every problem of the file
   */
  public static TargetsConfig load(Path file) {
    Objects.requireNonNull(file, "file");
    Problems problems = new Problems(file.toString());
    String text = readUtf8(file, problems);
    if (text == null) {
      throw problems.exception();
    }
    Path baseDir = file.toAbsolutePath().getParent();
    return read(text, baseDir, problems);
  }

  /**
   * Loads targets from YAML text.
   *
   * @param yaml the file's content
   * @param sourceName what problems call the file, e.g. its path
   * @param baseDir the directory that relative {@code caFile} and {@code fingerprintRules} paths
   *     are resolved against
   * @throws ConfigException listing every problem of the text
   */
  public static TargetsConfig parse(String yaml, String sourceName, Path baseDir) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(baseDir, "baseDir");
    Problems problems = new Problems(sourceName);
    if (utf8Length(yaml) > MAX_FILE_BYTES) {
      problems.file(tooLarge());
      throw problems.exception();
    }
    return read(yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml, baseDir, problems);
  }

  private static TargetsConfig read(String text, Path baseDir, Problems problems) {
    return TargetsReader.read(text, MAX_FILE_BYTES + 1, baseDir, problems)
        .orElseThrow(problems::exception);
  }

  private static String readUtf8(Path file, Problems problems) {
    if (Files.isDirectory(file)) {
      problems.file("cannot read the file: it is a directory");
      return null;
    }
    byte[] bytes;
    try {
      // A regular file too large is refused by its size, before a byte of it is read.
      if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
        problems.file(tooLarge(Files.size(file)));
        return null;
      }
    } catch (IOException e) {
      // Reading it says what is wrong.
    }
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      problems.file("cannot read the file: no such file");
      return null;
    } catch (AccessDeniedException e) {
      problems.file("cannot read the file: permission denied");
      return null;
    } catch (IOException e) {
      problems.file("cannot read the file: " + e.getMessage());
      return null;
    }
    if (bytes.length > MAX_FILE_BYTES) {
      problems.file(tooLarge());
      return null;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      reportNotUtf8(bytes, in.position(), problems);
      return null;
    }
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static void reportNotUtf8(byte[] bytes, int offset, Problems problems) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = 1;
    for (int i = lineStart; i < offset; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    problems.at(
        line,
        column,
        String.format(
            "the file is not UTF-8 text (byte 0x%02X here); save it as UTF-8",
            bytes[Math.min(offset, bytes.length - 1)] & 0xFF));
  }

  private static String tooLarge() {
    return "the file is larger than the 5 MiB limit";
  }

  private static String tooLarge(long size) {
    return "the file is "
        + size
        + " bytes, larger than the 5 MiB limit ("
        + MAX_FILE_BYTES
        + " bytes); nothing of it was read";
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
