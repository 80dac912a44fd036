package dev.probefleet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Security;
import java.util.Locale;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

/**
 * The native provider goes in front where its library loads — on this project's build machines
 * (Linux x86_64) it must, or every HTTPS probe silently costs several times the CPU.
 */
class NativeCryptoTest {
  private static boolean linuxX86() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
  }

  @Test
  void installsInFrontOnLinuxX86AndSaysWhyNotElsewhere() throws Exception {
    NativeCrypto.Status status = NativeCrypto.install();
    assertThat(NativeCrypto.install()).isSameAs(status);
    if (linuxX86()) {
      assertThat(status.active()).as(status.toString()).isTrue();
      assertThat(status.description()).startsWith("AmazonCorrettoCryptoProvider");
      assertThat(Security.getProviders()[0].getName()).isEqualTo("AmazonCorrettoCryptoProvider");
      assertThat(KeyAgreement.getInstance("ECDH").getProvider().getName())
          .isEqualTo("AmazonCorrettoCryptoProvider");
      assertThat(NativeCrypto.fastEcdh()).isTrue();
    } else {
      assertThat(status.active()).isFalse();
      assertThat(status.description()).contains(System.getProperty("os.arch"));
      assertThat(NativeCrypto.fastEcdh()).isFalse();
    }
  }
}
