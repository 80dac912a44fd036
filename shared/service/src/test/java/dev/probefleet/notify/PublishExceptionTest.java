package dev.probefleet.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PublishExceptionTest {

  @Test
  void theOriginalConstructorMeansTransientSoThatExistingCallersKeepRetrying() {
    PublishException e = new PublishException("SNS unreachable", new IOException("reset"));
    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessage("SNS unreachable").hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aPermanentRefusalSaysSo() {
    assertThat(new PublishException("message too long", null, true).permanent()).isTrue();
    assertThat(new PublishException("throttled", null, false).permanent()).isFalse();
  }
}
