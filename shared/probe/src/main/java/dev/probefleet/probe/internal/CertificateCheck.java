package dev.probefleet.probe.internal;

import dev.probefleet.model.CertificateInfo;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The trust manager of one probe's handshake. It records the chain the server presented and what
 * strict verification says of it — validity against the client's clock, the JDK's PKIX check
 * against the system store plus the path's bundle, and the certificate's names against the
 * effective SNI (checked here, not by JSSE, so that an insecure path can go on) — and then rejects
 * the chain only when the path is strict.
 */
final class CertificateCheck extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager pkix;
  private final String serverName;
  private final boolean insecure;
  private final Clock clock;

  private volatile X509Certificate[] chain;
  private volatile List<String> problems = List.of();
  private volatile boolean nameMatches;
  private volatile boolean rejected;
  private volatile String protocol = "";
  private volatile String cipherSuite = "";

  CertificateCheck(
      X509ExtendedTrustManager pkix, String serverName, boolean insecure, Clock clock) {
    this.pkix = pkix;
    this.serverName = serverName;
    this.insecure = insecure;
    this.clock = clock;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] presented, String authType, Socket socket)
      throws CertificateException {
    if (socket instanceof SSLSocket ssl) {
      recordSession(ssl.getHandshakeSession());
    }
    judge(presented, authType, socket, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] presented, String authType, SSLEngine engine)
      throws CertificateException {
    recordSession(engine.getHandshakeSession());
    judge(presented, authType, null, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] presented, String authType)
      throws CertificateException {
    judge(presented, authType, null, null);
  }

  private void recordSession(SSLSession session) {
    if (session != null) {
      protocol = session.getProtocol();
      cipherSuite = session.getCipherSuite();
    }
  }

  private void judge(X509Certificate[] presented, String authType, Socket socket, SSLEngine engine)
      throws CertificateException {
    chain = presented.clone();
    List<String> found = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < presented.length; i++) {
      String validity = validity(presented[i], i == 0, now);
      if (validity != null) {
        found.add(validity);
      }
    }
    try {
      if (socket != null) {
        pkix.checkServerTrusted(presented, authType, socket);
      } else if (engine != null) {
        pkix.checkServerTrusted(presented, authType, engine);
      } else {
        pkix.checkServerTrusted(presented, authType);
      }
    } catch (CertificateException e) {
      if (found.isEmpty() || !isValidityFailure(e)) {
        found.add(trustProblem(presented, e));
      }
    }
    nameMatches = presented.length > 0 && HostnameMatcher.matches(presented[0], serverName);
    if (!nameMatches && presented.length > 0) {
      List<String> sans = HostnameMatcher.subjectAltNames(presented[0]);
      found.add(
          "certificate does not match "
              + serverName
              + " (SANs: "
              + (sans.isEmpty() ? "none" : String.join(", ", sans))
              + ")");
    }
    problems = List.copyOf(found);
    if (!insecure && !found.isEmpty()) {
      rejected = true;
      throw new CertificateException(found.get(0));
    }
  }

  private static String validity(X509Certificate certificate, boolean leaf, Instant now) {
    String which =
        leaf ? "certificate" : "certificate " + name(certificate.getSubjectX500Principal());
    Instant notAfter = certificate.getNotAfter().toInstant();
    Instant notBefore = certificate.getNotBefore().toInstant();
    if (now.isAfter(notAfter)) {
      long days = Duration.between(notAfter, now).toDays();
      return which
          + " expired "
          + notAfter
          + " ("
          + days
          + (days == 1 ? " day" : " days")
          + " ago)";
    }
    if (now.isBefore(notBefore)) {
      long days = Duration.between(now, notBefore).toDays();
      return which
          + " is not valid before "
          + notBefore
          + " (in "
          + days
          + (days == 1 ? " day" : " days")
          + ")";
    }
    return null;
  }

  private static boolean isValidityFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException
          || t instanceof CertificateNotYetValidException) {
        return true;
      }
      if (t instanceof CertPathValidatorException cpv
          && (cpv.getReason() == CertPathValidatorException.BasicReason.EXPIRED
              || cpv.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
        return true;
      }
    }
    return false;
  }

  private static String trustProblem(X509Certificate[] presented, CertificateException e) {
    if (presented.length == 0) {
      return "the server presented no certificate";
    }
    boolean noPath = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("unable to find valid certification path")
          || message.contains("PKIX path building failed")) {
        noPath = true;
      }
    }
    X509Certificate top = presented[presented.length - 1];
    if (noPath) {
      if (presented.length == 1 && selfSigned(top)) {
        return "self-signed certificate " + name(top.getSubjectX500Principal()) + " is not trusted";
      }
      if (selfSigned(top)) {
        return "certificate chain ends in an untrusted root " + name(top.getSubjectX500Principal());
      }
      return "certificate issuer " + name(top.getIssuerX500Principal()) + " is not trusted";
    }
    return "certificate rejected: " + e.getMessage();
  }

  private static boolean selfSigned(X509Certificate certificate) {
    if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
      return false;
    }
    try {
      certificate.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String name(X500Principal principal) {
    return principal.getName(X500Principal.RFC2253);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
      throws CertificateException {
    pkix.checkClientTrusted(certificates, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkClientTrusted(certificates, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certificates, String authType)
      throws CertificateException {
    pkix.checkClientTrusted(certificates, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  /** Whether the chain was rejected by this check (rather than the handshake failing otherwise). */
  boolean rejected() {
    return rejected;
  }

  boolean sawChain() {
    return chain != null;
  }

  List<String> problems() {
    return problems;
  }

  boolean nameMatches() {
    return nameMatches;
  }

  String protocol() {
    return protocol;
  }

  String cipherSuite() {
    return cipherSuite;
  }

  /** The presented chain as the model records it, leaf first. */
  List<CertificateInfo> chainInfo() {
    X509Certificate[] presented = chain;
    if (presented == null) {
      return List.of();
    }
    List<CertificateInfo> infos = new ArrayList<>();
    for (X509Certificate certificate : presented) {
      infos.add(
          new CertificateInfo(
              name(certificate.getSubjectX500Principal()),
              HostnameMatcher.subjectAltNames(certificate),
              name(certificate.getIssuerX500Principal()),
              certificate.getNotBefore().toInstant(),
              certificate.getNotAfter().toInstant(),
              sha256(certificate)));
    }
    return infos;
  }

  private static String sha256(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      return "";
    }
  }
}
