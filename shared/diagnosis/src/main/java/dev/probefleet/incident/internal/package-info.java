/** Deterministic, time-sortable incident ids (ULIDs with a hashed random part). Not API. */
package dev.probefleet.incident.internal;
