/** The text and JSON renderings of alerts. Not API: use {@link dev.probefleet.alert.Alert}. */
package dev.probefleet.alert.internal;
