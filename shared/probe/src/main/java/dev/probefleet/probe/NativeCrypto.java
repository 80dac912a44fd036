package dev.probefleet.probe;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import javax.crypto.KeyAgreement;

/**
 * Puts a native crypto provider in front of the JDK's own, where one loads: Amazon Corretto Crypto
 * Provider (ACCP, AWS's JCA provider over AWS-LC). A probe is a full TLS handshake, and on 2 cores
 * the JDK's pure-Java elliptic-curve arithmetic was over half of the prober's CPU (README,
 * "Benchmarks", HTTPS case): with ACCP first and the key share on P-256 (which ACCP computes
 * natively, see {@link #fastEcdh()}), a warm HTTPS probe costs about a quarter of the CPU it did.
 *
 * <p>Hosts call {@link #install()} once at start-up, before the first handshake, and log what it
 * says: the CLI (every command, so {@code run} and {@code diagnose} alike) and the probe function's
 * init. Nothing else changes when it does not load — the JDK's providers do the same work, slower:
 * ACCP's native library here is the {@code linux-x86_64} build (the registry this project builds
 * from serves no {@code linux-aarch64} one), so on macOS, Windows or an arm64 Lambda the status
 * says why and the prober runs on the JDK's crypto. Only algorithms ACCP implements move to it
 * (ECDH and ECDSA on the NIST curves, AES-GCM, SHA-2, HMAC, HKDF, RSA); X25519 stays in the JDK,
 * which is why the probe client offers P-256 first when ACCP is in front ({@link #fastEcdh()}).
 */
public final class NativeCrypto {
  private static volatile Status installed;

  private NativeCrypto() {}

  /**
   * What {@link #install()} did.
   *
   * @param active whether a native provider is now the first security provider
   * @param description the provider and version, or why none was installed
   */
  public record Status(boolean active, String description) {
    @Override
    public String toString() {
      return (active ? "native crypto: " : "native crypto off: ") + description;
    }
  }

  /**
   * Installs ACCP as the most preferred provider when its native library loads and passes its
   * self-tests. Idempotent and thread-safe; never throws.
   */
  public static synchronized Status install() {
    if (installed != null) {
      return installed;
    }
    Status status;
    try {
      AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable loading = provider.getLoadingError();
      if (loading != null) {
        status = new Status(false, "ACCP did not load on " + platform() + ": " + message(loading));
      } else {
        provider.assertHealthy();
        if (Security.getProvider(provider.getName()) == null) {
          Security.insertProviderAt(provider, 1);
        }
        status =
            new Status(
                true,
                provider.getName()
                    + " "
                    + provider.getVersionStr()
                    + " on "
                    + platform()
                    + " (ECDH/ECDSA P-256, AES-GCM, SHA-2, HMAC in native code)");
      }
    } catch (Throwable e) { // a missing or broken native library must never stop the prober
      status = new Status(false, "ACCP unavailable on " + platform() + ": " + message(e));
    }
    installed = status;
    return status;
  }

  /**
   * Whether ECDH on P-256 runs in native code here (the provider that {@code KeyAgreement.ECDH}
   * resolves to is not the JDK's {@code SunEC}). The probe client then sends its key share on P-256
   * only: JSSE generates one key share per curve family it offers, and an X25519 share would be
   * computed by the JDK in Java (ACCP has no X25519) — two scalar multiplications per handshake, a
   * third of a probe's CPU.
   */
  public static boolean fastEcdh() {
    try {
      Provider provider = KeyAgreement.getInstance("ECDH").getProvider();
      return !"SunEC".equals(provider.getName());
    } catch (NoSuchAlgorithmException e) {
      return false;
    }
  }

  private static String platform() {
    return System.getProperty("os.name", "?") + "/" + System.getProperty("os.arch", "?");
  }

  private static String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage();
    return root.getClass().getSimpleName() + (text == null ? "" : " (" + text + ")");
  }
}
