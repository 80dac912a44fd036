/**
 * Alerts: one per incident transition, carrying target, layer, cause, severity, state, regions, the
 * stable {@code alertId}, per-path evidence (with the start of each failing path's error page),
 * request ids for log correlation and the runbook's next steps, rendered as readable text (console,
 * chat), as one JSON document within SNS's size limit (the body every subscriber receives, the
 * readable text included as lines) and as SNS message attributes for filtering ({@link
 * dev.probefleet.alert.Alert}). Outage alerts are built from the round's verdict ({@link
 * dev.probefleet.alert.Alert#of}); expiring-certificate alerts, which have no verdict, from the
 * certificate's facts ({@link dev.probefleet.alert.Alert#ofCertificate}), with the same renderings
 * and attributes. Publishing is not here.
 */
package dev.probefleet.alert;
