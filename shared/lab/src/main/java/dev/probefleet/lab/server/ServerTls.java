package dev.probefleet.lab.server;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * TLS for a lab server: the key and chain it presents, and whether it refuses clients that send no
 * SNI.
 *
 * @param privateKey the leaf's private key
 * @param chain the chain presented, leaf first
 * @param requireSni fail handshakes that carry no server name, the way an SNI-routed load balancer
 *     or nginx's {@code ssl_reject_handshake} does (the client sees a {@code handshake_failure}
 *     alert)
 */
public record ServerTls(PrivateKey privateKey, List<X509Certificate> chain, boolean requireSni) {

  public ServerTls {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a server needs at least its leaf certificate");
    }
  }

  /** Presents this key and chain to every client. */
  public static ServerTls of(PrivateKey privateKey, List<X509Certificate> chain) {
    return new ServerTls(privateKey, chain, false);
  }

  /** The same, refusing handshakes without SNI. */
  public ServerTls withRequiredSni() {
    return new ServerTls(privateKey, chain, true);
  }

  /**
   * A new server-side TLS context presenting this key and chain, for servers that build their own
   * TLS sockets (the lab's proxy hops). Each call gives a fresh context, with no sessions shared
   * with an earlier one.
   */
  public SSLContext sslContext() {
    return context();
  }

  SSLContext context() {
    try {
      char[] password = "lab".toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", privateKey, password, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      KeyManager[] managers = factory.getKeyManagers();
      if (requireSni) {
        managers = new KeyManager[] {new SniRequired((X509ExtendedKeyManager) managers[0])};
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers, null, null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new UnableToStartServerException("cannot set up TLS for a lab server", e);
    }
  }

  /**
   * Offers no certificate when the client sent no server name, so the handshake fails. JSSE's own
   * SNI matchers only judge names that were sent, which is why this lives in the key manager.
   */
  private static final class SniRequired extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;

    SniRequired(X509ExtendedKeyManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      SSLSession session =
          socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : (SSLSession) null;
      return hasServerName(session) ? delegate.chooseServerAlias(keyType, issuers, socket) : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return hasServerName(engine.getHandshakeSession())
          ? delegate.chooseEngineServerAlias(keyType, issuers, engine)
          : null;
    }

    private static boolean hasServerName(SSLSession session) {
      return session instanceof ExtendedSSLSession extended
          && !extended.getRequestedServerNames().isEmpty();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return delegate.getPrivateKey(alias);
    }
  }
}
