package dev.probefleet.probe.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The throwaway identity of the priming server's TLS: an EC P-256 key made for one {@code prime()}
 * call and a self-signed certificate for 127.0.0.1 written here in DER (the JDK has no public API
 * to issue one, and the probe module carries no certificate library). Never persisted, never
 * trusted by anything: the priming client connects with verification off, and the key is garbage
 * once priming returns.
 */
final class PrimingCertificate {
  private static final byte[] ECDSA_WITH_SHA256 = {
    0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02
  };
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
  private static final byte[] SUBJECT_ALT_NAME = {0x06, 0x03, 0x55, 0x1d, 0x11};
  private static final byte[] LOOPBACK = {127, 0, 0, 1};
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private PrimingCertificate() {}

  /** A server-side TLS context holding a fresh key and its self-signed certificate. */
  static SSLContext serverContext() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    X509Certificate certificate = selfSigned(pair, Instant.now());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new OneKey(pair.getPrivate(), certificate)}, null, null);
    return context;
  }

  /** Serves the one key (a key store would encrypt it with a password-based cipher for nothing). */
  private static final class OneKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "priming";
    private final PrivateKey key;
    private final X509Certificate certificate;

    OneKey(PrivateKey key, X509Certificate certificate) {
      this.key = key;
      this.certificate = certificate;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return keyType.equals("EC") ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return keyType.equals("EC") ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return keyType.equals("EC") ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /** An X.509 v3 certificate for 127.0.0.1, valid from an hour before {@code now} for a day. */
  static X509Certificate selfSigned(KeyPair pair, Instant now) throws GeneralSecurityException {
    byte[] name =
        sequence(
            set(
                sequence(
                    COMMON_NAME,
                    tlv(0x0c, "probefleet priming".getBytes(StandardCharsets.UTF_8)))));
    byte[] algorithm = sequence(ECDSA_WITH_SHA256);
    byte[] validity =
        sequence(utcTime(now.minus(1, ChronoUnit.HOURS)), utcTime(now.plus(1, ChronoUnit.DAYS)));
    byte[] subjectAltName = sequence(SUBJECT_ALT_NAME, tlv(0x04, sequence(tlv(0x87, LOOPBACK))));
    byte[] tbs =
        sequence(
            tlv(0xa0, tlv(0x02, new byte[] {2})),
            tlv(0x02, new byte[] {1}),
            algorithm,
            name,
            validity,
            name,
            pair.getPublic().getEncoded(),
            tlv(0xa3, sequence(subjectAltName)));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] bits = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bits, 1, signature.length);
    byte[] der = sequence(tbs, algorithm, tlv(0x03, bits));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static byte[] utcTime(Instant instant) {
    return tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sequence(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** DER tag, definite length (short or long form), value. */
  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int length = value.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
