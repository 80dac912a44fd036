package dev.probefleet.model;

import java.util.Objects;

/**
 * A PEM bundle of CA certificates trusted for one path besides the system store. The content is
 * inlined when the targets file is loaded, so nothing depends on a local path inside Lambda.
 *
 * @param source where it was read from (for messages), e.g. {@code ./ca/private-ca.pem}
 * @param pem the PEM text, one or more certificates
 */
public record CaBundle(String source, String pem) {
  public CaBundle {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pem, "pem");
  }

  @Override
  public String toString() {
    return "CaBundle[" + source + ", " + pem.length() + " chars]";
  }
}
