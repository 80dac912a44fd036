/**
 * The runbook: concrete next diagnostic steps for every (layer, cause) a verdict can carry, with
 * hosts, addresses and request ids filled in from the verdict's evidence ({@link
 * dev.probefleet.runbook.Runbook}).
 */
package dev.probefleet.runbook;
