/**
 * The {@code probefleet} command line: one top-level command whose subcommands host the same
 * services as the Lambda functions on one machine. Commands parse flags and print; the work is done
 * by the services of the shared core.
 */
package dev.probefleet.cli;
