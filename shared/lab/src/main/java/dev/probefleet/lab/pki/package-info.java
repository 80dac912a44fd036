/**
 * Certificates made at run time for the fault lab and its tests: a private certificate authority,
 * leaf certificates for given names and validity windows, self-signed, expired and wrong-name
 * certificates, and their PEM text (what a path's {@code caFile} holds). Keys are EC P-256, fast
 * enough to make a fresh set per test.
 */
package dev.probefleet.lab.pki;
