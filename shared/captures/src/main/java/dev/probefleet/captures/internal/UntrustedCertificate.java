package dev.probefleet.captures.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The TLS material of the untrusted-upstream scenario, made fresh in a work directory with the
 * JDK's {@code keytool} (no key ever ships with the recordings): a self-signed certificate for
 * {@value #SERVER_NAME} and 127.0.0.1 that the upstream serves, and the certificate of an unrelated
 * CA — the only one the recorded software is told to trust. The software then meets what an
 * operator meets after turning verification on in front of a backend with a self-signed
 * certificate.
 *
 * @param keyStore PKCS#12 key store with the upstream's key and certificate
 * @param trustedCertificates PEM file with the CA certificate the software trusts (not the issuer)
 */
public record UntrustedCertificate(Path keyStore, Path trustedCertificates) {
  /** The name the certificate is for, and the name the software is told to send and check. */
  public static final String SERVER_NAME = "localhost";

  private static final String PASSWORD = "probefleet-capture";

  /**
   * Generates the material in a directory (created).
   *
   * @throws IOException when keytool is missing or fails (its output is in the message)
   */
  public static UntrustedCertificate generate(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path keyStore = directory.resolve("upstream.p12");
    Path caStore = directory.resolve("trusted-ca.p12");
    Path caPem = directory.resolve("trusted-ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "upstream",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + SERVER_NAME,
        "-ext",
        "san=dns:" + SERVER_NAME + ",ip:127.0.0.1",
        "-validity",
        "3650",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString());
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=probefleet capture trusted CA",
        "-ext",
        "bc:c",
        "-validity",
        "3650",
        "-storetype",
        "PKCS12",
        "-keystore",
        caStore.toString());
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        caStore.toString(),
        "-file",
        caPem.toString());
    // The software may read it after dropping to nobody, www-data or proxy.
    Files.setPosixFilePermissions(caPem, PosixFilePermissions.fromString("rw-r--r--"));
    return new UntrustedCertificate(keyStore, caPem);
  }

  /** A server-side TLS context presenting the self-signed certificate. */
  public SSLContext serverContext() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the upstream key store " + keyStore, e);
    }
  }

  private static void keytool(String... arguments) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storepass", PASSWORD, "-noprompt"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running keytool", e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + p.exitValue() + ": " + output.strip());
    }
  }
}
