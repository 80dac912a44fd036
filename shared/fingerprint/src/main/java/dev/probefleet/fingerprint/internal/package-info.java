/**
 * How the rules are read and applied: the rule model, the parsers that validate rules files (with
 * errors naming the rule and field), the scoring of response fingerprints and the log-line
 * matching. Not part of the API.
 */
package dev.probefleet.fingerprint.internal;
