/**
 * End-to-end tests on real proxies: Debian's nginx as the CDN in front of HAProxy as the load
 * balancer in front of a test origin, all on loopback ports chosen at run time, diagnosed by {@code
 * bin/probefleet diagnose} as a user would run it.
 */
package dev.probefleet.cli.e2e;
