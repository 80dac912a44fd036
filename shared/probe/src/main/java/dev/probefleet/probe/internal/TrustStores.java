package dev.probefleet.probe.internal;

import dev.probefleet.model.CaBundle;
import dev.probefleet.probe.InvalidCaBundleException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust managers a probe verifies against: the system store, or the system store
 * plus a path's CA bundle. Building one parses every system root, so each is built once per
 * distinct bundle and shared (trust managers are thread-safe); TLS sessions are not shared, each
 * probe gets a fresh {@code SSLContext}. Each is a {@link NarrowTrust}: a chain is checked against
 * the anchors named as its issuer before the whole store.
 */
final class TrustStores {
  private final Map<String, X509ExtendedTrustManager> byBundle = new ConcurrentHashMap<>();
  private volatile X509ExtendedTrustManager system;

  X509ExtendedTrustManager forBundle(Optional<CaBundle> bundle) {
    if (bundle.isEmpty()) {
      return system();
    }
    return byBundle.computeIfAbsent(bundle.get().pem(), pem -> withBundle(bundle.get()));
  }

  private X509ExtendedTrustManager system() {
    X509ExtendedTrustManager current = system;
    if (current == null) {
      current = new NarrowTrust(build(null, "the system trust store"));
      system = current;
    }
    return current;
  }

  private X509ExtendedTrustManager withBundle(CaBundle bundle) {
    List<X509Certificate> extra = parse(bundle);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate root : system().getAcceptedIssuers()) {
        store.setCertificateEntry("system-" + i++, root);
      }
      i = 0;
      for (X509Certificate ca : extra) {
        store.setCertificateEntry("bundle-" + i++, ca);
      }
      return new NarrowTrust(build(store, bundle.source()));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new InvalidCaBundleException(bundle.source(), "cannot build a trust store", e);
    }
  }

  /** The certificates of a PEM bundle. */
  static List<X509Certificate> parse(CaBundle bundle) {
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(bundle.pem().getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new InvalidCaBundleException(
          bundle.source(), "not a PEM certificate bundle (" + e.getMessage() + ")", e);
    }
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : certificates) {
      if (c instanceof X509Certificate x509) {
        out.add(x509);
      }
    }
    if (out.isEmpty()) {
      throw new InvalidCaBundleException(bundle.source(), "holds no certificate");
    }
    return out;
  }

  static X509ExtendedTrustManager build(KeyStore store, String what) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager for " + what);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load " + what + ": " + e.getMessage(), e);
    }
  }
}
