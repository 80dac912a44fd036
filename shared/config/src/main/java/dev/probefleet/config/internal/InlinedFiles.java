package dev.probefleet.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the files a targets file refers to ({@code caFile}, {@code fingerprintRules}) relative to
 * its directory, so their content can be inlined and nothing depends on a local path later. Each
 * file is read once per load however many paths name it.
 */
public final class InlinedFiles {

  /** The largest file a targets file may refer to. */
  public static final int MAX_BYTES = 1024 * 1024;

  private final Path baseDir;
  private final Map<Path, Outcome> cache = new HashMap<>();

  public InlinedFiles(Path baseDir) {
    this.baseDir = baseDir;
  }

  /**
   * The text of the file, as UTF-8.
   *
   * @param written the path as the targets file writes it
   * @throws IllegalArgumentException naming the path as written, where it resolved to, and why it
   *     cannot be used
   */
  public String read(String written) {
    Path resolved = resolve(written);
    Outcome outcome = cache.computeIfAbsent(resolved, InlinedFiles::attempt);
    if (outcome.failure() != null) {
      throw new IllegalArgumentException(
          "cannot read " + written + " (resolved to " + resolved + "): " + outcome.failure());
    }
    return outcome.text();
  }

  /** Where a path written in the targets file points. */
  public Path resolve(String written) {
    try {
      return baseDir.resolve(written).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "'" + YamlValues.shown(written) + "' is not a valid path: " + e.getReason());
    }
  }

  /** A file's text, or why it cannot be read. */
  private record Outcome(String text, String failure) {}

  private static Outcome attempt(Path resolved) {
    try {
      return new Outcome(readText(resolved), null);
    } catch (IllegalArgumentException e) {
      return new Outcome(null, e.getMessage());
    }
  }

  private static String readText(Path file) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("it is a directory");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException("permission denied");
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("it is larger than 1 MiB");
    }
    try {
      CharBuffer text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      return text.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("it is not UTF-8 text");
    }
  }
}
