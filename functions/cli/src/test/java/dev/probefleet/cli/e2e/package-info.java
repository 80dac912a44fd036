/**
 * End-to-end tests on real servers, all on loopback ports chosen at run time and diagnosed by
 * {@code bin/probefleet diagnose} as a user would run it: Debian's nginx as the CDN in front of
 * HAProxy as the load balancer in front of a test origin, and the origin stacks people run behind
 * them — Apache httpd's mod_proxy (also as the load balancer), nginx in front of php-fpm and in
 * front of gunicorn.
 */
package dev.probefleet.cli.e2e;
