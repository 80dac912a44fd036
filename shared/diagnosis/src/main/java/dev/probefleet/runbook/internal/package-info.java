/** The runbook's step templates per (layer, cause): the classic 502 checklist. Not API. */
package dev.probefleet.runbook.internal;
