/**
 * The incident query API's entry points: {@link dev.probefleet.api.ApiFunction}, the class Lambda
 * calls for API Gateway HTTP API events (payload format 2.0), and {@link
 * dev.probefleet.api.ApiServer}, the same controllers on Micronaut's Netty server. Both start one
 * Micronaut context in which the composition root ({@code shared/runtime}) builds the stores from
 * {@code probefleet.*} configuration; the controllers ({@link dev.probefleet.api.http}) are the
 * same, so an answer does not depend on which host served it.
 *
 * <p>The Netty server is a {@code provided} dependency: on the compile and test classpaths, never
 * in the shaded Lambda jar; {@code ApiServer} runs with {@code target/api-server.classpath} added
 * (see the README, "Query API").
 */
package dev.probefleet.api;
