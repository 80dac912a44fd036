package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The query API's settings ({@code probefleet.api.*}).
 *
 * @param tokenKey the secret continuation tokens are signed with (HMAC-SHA256), at least 32 bytes;
 *     every store and the API's own pages sign with it. Without it, a key derived from the
 *     deployment's table prefix is used: edited tokens are still refused, but someone who knows the
 *     prefix could sign tokens of their own. Set it from a secret store ({@code
 *     PROBEFLEET_API_TOKEN_KEY}), never in a file that is committed.
 */
@ConfigurationProperties("probefleet.api")
public record ApiConfiguration(@Nullable String tokenKey) {
  @Override
  public String toString() {
    return "ApiConfiguration[tokenKey=" + (tokenKey == null ? "none" : "(hidden)") + "]";
  }
}
