package dev.probefleet.config;

import dev.probefleet.ProbefleetException;
import dev.probefleet.model.HeaderValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret reference could not be resolved. The message names the reference and why — and, once
 * {@link HeaderResolution} has added it, the target, path and header that use it — but never a
 * value.
 */
public class SecretUnavailableException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String reference;
  private final String reason;
  private final String target;
  private final String path;
  private final String header;

  /**
   * @param secret the reference that could not be resolved
   * @param reason why, in words safe to log
   */
  public SecretUnavailableException(HeaderValue.Secret secret, String reason) {
    this(secret.reference(), reason, null, null, null, null);
  }

  /**
   * @param secret the reference that could not be resolved
   * @param reason why, in words safe to log
   * @param cause the underlying failure (its message must not carry a value either)
   */
  public SecretUnavailableException(HeaderValue.Secret secret, String reason, Throwable cause) {
    this(secret.reference(), reason, null, null, null, cause);
  }

  private SecretUnavailableException(
      String reference, String reason, String target, String path, String header, Throwable cause) {
    super(message(reference, reason, target, path, header), cause);
    this.reference = Objects.requireNonNull(reference, "reference");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.target = target;
    this.path = path;
    this.header = header;
  }

  /** The same failure, told where the reference is used. */
  public SecretUnavailableException usedBy(String target, String path, String header) {
    SecretUnavailableException located =
        new SecretUnavailableException(reference, reason, target, path, header, getCause());
    located.setStackTrace(getStackTrace());
    return located;
  }

  /** The reference as written in the targets file, e.g. {@code ssm:/probefleet/token}. */
  public String reference() {
    return reference;
  }

  /** Why it could not be resolved. */
  public String reason() {
    return reason;
  }

  /** The target whose request uses it, when known. */
  public Optional<String> target() {
    return Optional.ofNullable(target);
  }

  /** The path ({@code cdn}, {@code lb}, {@code origin[0]}) whose request uses it, when known. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** The header it is the value of, when known. */
  public Optional<String> header() {
    return Optional.ofNullable(header);
  }

  private static String message(
      String reference, String reason, String target, String path, String header) {
    String unavailable = "secret " + reference + " is unavailable: " + reason;
    if (target == null) {
      return unavailable;
    }
    return "target " + target + ", path " + path + ", header " + header + ": " + unavailable;
  }
}
