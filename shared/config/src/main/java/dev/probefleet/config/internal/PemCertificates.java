package dev.probefleet.config.internal;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a CA bundle at load time: PEM text with at least one X.509 certificate, each of which the
 * JDK can parse, and no private key (the bundle is copied into the targets registry).
 */
public final class PemCertificates {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private PemCertificates() {}

  /**
   * The bundle's certificate blocks, as written, one after the other; anything around them (such as
   * OpenSSL's "Bag Attributes" lines) is left out.
   *
   * @param source the file as the targets file names it
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static String certificates(String text, String source) {
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    if (text.contains("PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          source
              + " contains a private key; a CA bundle holds certificates only, and it is copied"
              + " into the targets registry");
    }
    StringBuilder bundle = new StringBuilder();
    int certificates = 0;
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      if (!block.group(1).equals("CERTIFICATE")) {
        continue;
      }
      certificates++;
      String base64 = block.group(2).replaceAll("\\s", "");
      try {
        byte[] der = Base64.getDecoder().decode(base64);
        factory.generateCertificate(new ByteArrayInputStream(der));
      } catch (IllegalArgumentException | CertificateException e) {
        throw new IllegalArgumentException(
            "certificate " + certificates + " in " + source + " is not a valid X.509 certificate");
      }
      bundle.append(block.group()).append('\n');
    }
    if (certificates == 0) {
      throw new IllegalArgumentException(
          source + " contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return bundle.toString();
  }
}
