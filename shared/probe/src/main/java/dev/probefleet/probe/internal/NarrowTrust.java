package dev.probefleet.probe.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * A PKIX trust manager that checks a chain against the trust anchors named as its issuer first. The
 * JDK's validator tries every anchor of its store for every chain (with the system store, some 140,
 * each matched by subject key identifier: a tenth of a warm HTTPS probe's CPU); the anchors whose
 * subject is the issuer of the chain's top certificate are the only ones that can end a valid path,
 * so a trust manager of those alone (built once per issuer) says the same "trusted" for a tenth of
 * the work. Whatever it rejects is checked again against the whole store, whose answer is the one
 * reported — a chain is never rejected here that the whole store would accept.
 */
final class NarrowTrust extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager whole;
  private final Map<X500Principal, List<X509Certificate>> anchorsBySubject = new HashMap<>();
  private final Map<X500Principal, X509ExtendedTrustManager> narrow = new ConcurrentHashMap<>();

  NarrowTrust(X509ExtendedTrustManager whole) {
    this.whole = whole;
    for (X509Certificate anchor : whole.getAcceptedIssuers()) {
      anchorsBySubject
          .computeIfAbsent(anchor.getSubjectX500Principal(), s -> new ArrayList<>())
          .add(anchor);
    }
  }

  /** The trust manager of the anchors that can have issued the chain's top, or null. */
  private X509ExtendedTrustManager narrowFor(X509Certificate[] chain) {
    if (chain == null || chain.length == 0) {
      return null;
    }
    X500Principal issuer = chain[chain.length - 1].getIssuerX500Principal();
    List<X509Certificate> anchors = anchorsBySubject.get(issuer);
    if (anchors == null) {
      return null;
    }
    return narrow.computeIfAbsent(issuer, i -> build(anchors));
  }

  private X509ExtendedTrustManager build(List<X509Certificate> anchors) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate anchor : anchors) {
        store.setCertificateEntry("anchor-" + i++, anchor);
      }
      return TrustStores.build(
          store, "the anchors named " + anchors.get(0).getSubjectX500Principal());
    } catch (GeneralSecurityException | java.io.IOException | IllegalStateException e) {
      return whole;
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    X509ExtendedTrustManager first = narrowFor(chain);
    if (first != null && first != whole) {
      try {
        first.checkServerTrusted(chain, authType, socket);
        return;
      } catch (CertificateException e) {
        // the whole store decides
      }
    }
    whole.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    X509ExtendedTrustManager first = narrowFor(chain);
    if (first != null && first != whole) {
      try {
        first.checkServerTrusted(chain, authType, engine);
        return;
      } catch (CertificateException e) {
        // the whole store decides
      }
    }
    whole.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    X509ExtendedTrustManager first = narrowFor(chain);
    if (first != null && first != whole) {
      try {
        first.checkServerTrusted(chain, authType);
        return;
      } catch (CertificateException e) {
        // the whole store decides
      }
    }
    whole.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    whole.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    whole.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    whole.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return whole.getAcceptedIssuers();
  }
}
