/**
 * Reading the runbook file ({@code runbook.yaml}: steps per layer and cause, shared steps, layer
 * wording) into step templates per (layer, cause), checked when read. Not API.
 */
package dev.probefleet.runbook.internal;
