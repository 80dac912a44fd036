/**
 * The documents the query API answers with, one record per JSON object, and their rendering from
 * the store's values.
 *
 * <p>Why records with Jackson annotations rather than the store's own types: the JSON is a contract
 * (keys in {@code snake_case}, {@code schemaVersion} at the top, keys added but never renamed), so
 * every key is spelled out here with {@code @JsonProperty} and cannot change when a Java name in a
 * core module does; every record writes its null keys ({@code "verdict": null}) so a reader sees
 * the same shape on every answer; and the records carry the {@code @Schema} descriptions the
 * OpenAPI document is generated from. Times are ISO-8601 strings, slots their ids ({@code
 * 2026-11-24T09:01:00Z}), so the document does not depend on how a JSON library writes {@link
 * java.time.Instant}.
 */
package dev.probefleet.api.model;
