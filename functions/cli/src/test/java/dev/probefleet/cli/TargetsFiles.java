package dev.probefleet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/** Targets files and the CA bundles they name, written for a test. */
final class TargetsFiles {
  private TargetsFiles() {}

  /** Writes {@code name} in {@code dir} and returns its path. */
  static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * A PEM bundle of real CA certificates (the JDK's own trust store, repeated as needed) of at
   * least {@code bytes}: what a user's {@code caFile} may hold, and large enough to matter once
   * inlined into the registry.
   */
  static String caBundle(int bytes) throws IOException, GeneralSecurityException {
    KeyStore cacerts = KeyStore.getInstance("PKCS12");
    try (InputStream in =
        Files.newInputStream(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
      cacerts.load(in, "changeit".toCharArray());
    }
    Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    StringBuilder pem = new StringBuilder();
    while (pem.length() < bytes) {
      for (String alias : Collections.list(cacerts.aliases())) {
        Certificate certificate = cacerts.getCertificate(alias);
        if (certificate == null) {
          continue;
        }
        pem.append("-----BEGIN CERTIFICATE-----\n")
            .append(base64.encodeToString(certificate.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
        if (pem.length() >= bytes) {
          break;
        }
      }
    }
    return pem.toString();
  }
}
