/**
 * The web board of {@code probefleet run}: its page, {@code /metrics}, on the same Netty server and
 * application context as the query API's controllers.
 */
package dev.probefleet.cli.board;
