package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The user's own fingerprint rules ({@code probefleet.fingerprint.*}), added to the built-in ones.
 *
 * @param rules the rules document (YAML, the schema of the built-in rules), inlined
 * @param rulesSource where it came from, for error messages
 */
@ConfigurationProperties("probefleet.fingerprint")
public record FingerprintConfiguration(
    @Nullable String rules,
    @Bindable(defaultValue = "user fingerprint rules") String rulesSource) {}
