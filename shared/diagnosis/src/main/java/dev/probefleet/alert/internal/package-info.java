/**
 * The text and JSON renderings of alerts, and the wording of certificate alerts. Not API: use
 * {@link dev.probefleet.alert.Alert}.
 */
package dev.probefleet.alert.internal;
