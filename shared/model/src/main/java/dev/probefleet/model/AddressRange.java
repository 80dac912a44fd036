package dev.probefleet.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP address or CIDR block, for {@code expectAddresses}.
 *
 * @param network the network address (host bits zero)
 * @param prefixLength prefix length, 32 (IPv4) or 128 (IPv6) for a single address
 */
public record AddressRange(InetAddress network, int prefixLength) {

  public AddressRange {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is outside 0.." + bits + " for " + network);
    }
  }

  /**
   * Parses {@code 10.0.1.23}, {@code 10.0.0.0/16}, {@code 2001:db8::/32}. Only literal addresses:
   * no name is ever looked up.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static AddressRange parse(String text) {
    String value = text.trim();
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    InetAddress parsed = literal(address, text);
    int bits = parsed.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "'" + text + "' has prefix length " + prefix + ", outside 0.." + bits);
      }
    }
    return new AddressRange(mask(parsed, prefix), prefix);
  }

  /** Whether the address lies in this range. */
  public boolean contains(InetAddress address) {
    if (address.getAddress().length != network.getAddress().length) {
      return false;
    }
    return mask(address, prefixLength).equals(network);
  }

  @Override
  public String toString() {
    int bits = network.getAddress().length * 8;
    return prefixLength == bits
        ? network.getHostAddress()
        : network.getHostAddress() + "/" + prefixLength;
  }

  private static InetAddress literal(String address, String original) {
    boolean looksLiteral =
        address.matches("[0-9.]+") && address.chars().filter(c -> c == '.').count() == 3
            || address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
    if (!looksLiteral) {
      throw new IllegalArgumentException("'" + original + "' is not an IP address or CIDR block");
    }
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + original + "' is not an IP address or CIDR block");
    }
  }

  private static InetAddress mask(InetAddress address, int prefix) {
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    BigInteger value = new BigInteger(1, bytes);
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    byte[] masked = value.and(mask).toByteArray();
    byte[] out = new byte[bytes.length];
    int copy = Math.min(masked.length, out.length);
    System.arraycopy(masked, masked.length - copy, out, out.length - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
