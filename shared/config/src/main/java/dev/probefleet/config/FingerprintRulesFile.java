package dev.probefleet.config;

import java.util.Objects;

/**
 * The user's own fingerprint rules named by the targets file's {@code fingerprintRules:} key, read
 * and inlined at load time so nothing depends on a local path later (inside Lambda, say). This
 * module does not interpret the content; the fingerprinter parses it.
 *
 * @param source the path as written in the targets file, for the fingerprinter's messages
 * @param content the file's text (UTF-8)
 */
public record FingerprintRulesFile(String source, String content) {
  public FingerprintRulesFile {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(content, "content");
  }

  @Override
  public String toString() {
    return "FingerprintRulesFile[" + source + ", " + content.length() + " chars]";
  }
}
