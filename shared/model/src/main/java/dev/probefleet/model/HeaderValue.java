package dev.probefleet.model;

import java.util.Objects;

/**
 * A request header value from the targets file: a literal, or a reference to a secret that is
 * resolved just before the probe and never logged, stored or alerted.
 */
public sealed interface HeaderValue {

  /** A literal value, safe to show. */
  record Literal(String value) implements HeaderValue {
    public Literal {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A secret reference: {@code {secret: "ssm:/path"}}, {@code {secret: "secretsmanager:id"}} or
   * {@code {env: "NAME"}}. Its {@link #toString()} shows the reference, never a value.
   */
  record Secret(Source source, String id) implements HeaderValue {
    /** Where the secret lives. */
    public enum Source {
      SSM,
      SECRETS_MANAGER,
      ENV
    }

    public Secret {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(id, "id");
    }

    /** The reference as written in the targets file, e.g. {@code ssm:/probefleet/token}. */
    public String reference() {
      return switch (source) {
        case SSM -> "ssm:" + id;
        case SECRETS_MANAGER -> "secretsmanager:" + id;
        case ENV -> "env:" + id;
      };
    }

    @Override
    public String toString() {
      return "Secret[" + reference() + "]";
    }
  }
}
