package dev.probefleet.probe.internal;

import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.TlsSession;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS phase: layers an {@link SSLSocket} over the connected socket with the path's effective
 * SNI sent explicitly (none for an IP literal), and turns the handshake's end into a session or a
 * failure class. Each handshake gets a fresh {@code SSLContext}, so no session is ever resumed: a
 * probe always sees a full handshake and the certificate the server presents now.
 *
 * <p>With native ECDH in front ({@link dev.probefleet.probe.NativeCrypto#fastEcdh()}) the client
 * offers the NIST curves only, so that its one key share is on P-256, computed natively, instead of
 * a second, X25519 share that the JDK computes in Java. Every TLS 1.3 server must support P-256
 * (RFC 8446, section 9.1) and TLS 1.2 servers all do; a server configured for X25519 alone answers
 * with a fatal alert before its certificate ({@code handshake_failure} from OpenSSL and Go, {@code
 * unexpected_message} from the JDK), and {@link Outcome#groupsRefused()} tells the caller to try
 * once more, on a new connection, with the JDK's full list: a server that refuses any hello costs
 * one connection more, and the second answer is the one reported ({@code KeyShareFallbackIT}).
 */
final class TlsHandshake {

  /**
   * The handshake's end.
   *
   * @param socket the TLS socket, when the handshake completed
   * @param session what was negotiated and verified (also for a rejected certificate)
   * @param failure the failure class, or null
   * @param detail what failed
   */
  record Outcome(
      SSLSocket socket,
      TlsSession session,
      FailureClass failure,
      String detail,
      boolean groupsRefused) {
    Outcome(SSLSocket socket, TlsSession session, FailureClass failure, String detail) {
      this(socket, session, failure, detail, false);
    }
  }

  /** The curves offered when P-256 is the key share: NIST curves only, P-256 first. */
  private static final String[] NIST_GROUPS = {"secp256r1", "secp384r1", "secp521r1"};

  /**
   * With the lean hello, the cipher suites a current browser offers (Chrome's list, in its order),
   * not the JDK's 30-odd: JSSE checks every suite, signature scheme and group it offers against the
   * disabled-algorithm constraints on every handshake, a sixth of a warm probe's CPU, and what
   * browsers offer is what a user's connection needs the server to accept. A server that accepts
   * none of them refuses the hello, and the fallback hello carries the JDK's defaults.
   */
  private static final String[] BROWSER_CIPHER_SUITES = {
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_CBC_SHA"
  };

  /** The signature schemes a current browser offers (Chrome's, in its order). */
  private static final String[] BROWSER_SIGNATURE_SCHEMES = {
    "ecdsa_secp256r1_sha256",
    "rsa_pss_rsae_sha256",
    "rsa_pkcs1_sha256",
    "ecdsa_secp384r1_sha384",
    "rsa_pss_rsae_sha384",
    "rsa_pkcs1_sha384",
    "rsa_pss_rsae_sha512",
    "rsa_pkcs1_sha512"
  };

  /** The suites of {@code wanted} this JDK supports (some JDKs disable the RSA key exchange). */
  private static String[] supported(String[] wanted, String[] available) {
    java.util.Set<String> here = java.util.Set.of(available);
    return java.util.Arrays.stream(wanted).filter(here::contains).toArray(String[]::new);
  }

  private TlsHandshake() {}

  static Outcome perform(
      Socket raw,
      PathSpec path,
      X509ExtendedTrustManager pkix,
      Clock clock,
      Deadline deadline,
      Watchdog watchdog,
      boolean nistGroupsOnly) {
    String serverName = path.effectiveSni();
    boolean literal = IpLiterals.isLiteral(serverName);
    CertificateCheck check = new CertificateCheck(pkix, serverName, path.insecure(), clock);
    SSLSocket ssl;
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {check}, null);
      ssl =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(raw, serverName, raw.getPort(), /* autoClose= */ true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm(null);
      parameters.setServerNames(literal ? List.of() : List.of(new SNIHostName(serverName)));
      if (nistGroupsOnly) {
        parameters.setNamedGroups(NIST_GROUPS);
        parameters.setCipherSuites(
            supported(BROWSER_CIPHER_SUITES, ssl.getSupportedCipherSuites()));
        parameters.setSignatureSchemes(BROWSER_SIGNATURE_SCHEMES);
      }
      ssl.setSSLParameters(parameters);
    } catch (IllegalArgumentException e) {
      return new Outcome(
          null,
          null,
          FailureClass.TLS_HANDSHAKE_FAILED,
          "'" + serverName + "' cannot be sent as SNI: " + e.getMessage());
    } catch (GeneralSecurityException | IOException e) {
      return new Outcome(
          null, null, FailureClass.TLS_HANDSHAKE_FAILED, "cannot start TLS: " + e.getMessage());
    }
    try {
      ssl.setSoTimeout(deadline.remainingMillisForTimeout());
      ssl.startHandshake();
    } catch (IOException e) {
      TlsSession partial = check.sawChain() ? session(check, literal ? "" : serverName) : null;
      if (check.rejected()) {
        return new Outcome(
            null,
            partial,
            FailureClass.TLS_CERTIFICATE_INVALID,
            String.join("; ", check.problems()));
      }
      if (watchdog.fired() || e instanceof SocketTimeoutException || deadline.expired()) {
        return new Outcome(
            null,
            partial,
            FailureClass.TLS_HANDSHAKE_FAILED,
            "TLS handshake not complete within " + deadline.describe());
      }
      if (Failures.isReset(e)) {
        return new Outcome(
            null,
            partial,
            FailureClass.CONNECTION_RESET,
            "connection reset during the TLS handshake");
      }
      boolean refused =
          nistGroupsOnly
              && !check.sawChain()
              && String.valueOf(e.getMessage()).contains("Received fatal alert");
      return new Outcome(
          null,
          partial,
          FailureClass.TLS_HANDSHAKE_FAILED,
          "TLS handshake failed: " + reason(e),
          refused);
    }
    return new Outcome(ssl, session(check, literal ? "" : serverName), null, null);
  }

  private static TlsSession session(CertificateCheck check, String sentName) {
    List<String> problems = check.problems();
    return new TlsSession(
        check.protocol(),
        check.cipherSuite(),
        sentName,
        check.chainInfo(),
        problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems)),
        check.nameMatches());
  }

  private static String reason(IOException e) {
    String message = Failures.message(e);
    if (message.contains("Unsupported or unrecognized SSL message")) {
      return message + " (the server does not speak TLS on this port)";
    }
    return message;
  }
}
