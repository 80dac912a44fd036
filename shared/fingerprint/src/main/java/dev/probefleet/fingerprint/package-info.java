/**
 * Who wrote this response, and what does this proxy log line mean.
 *
 * <ul>
 *   <li>{@link dev.probefleet.fingerprint.Fingerprinter}: the generator of a response, the hops
 *       that relayed it and the meaning of vendor codes, from weighted rules shipped as data and
 *       extendable by a user file;
 *   <li>{@link dev.probefleet.fingerprint.BaselineLearner}: each path's usual generator, learned
 *       from healthy answers, to tell whether an error page comes from the software that normally
 *       answers;
 *   <li>{@link dev.probefleet.fingerprint.LogLineExplainer}: nginx, HAProxy, Envoy, Apache (and
 *       Varnish, Squid, Caddy, Heroku router) log lines, explained as a cause with next steps;
 *   <li>{@link dev.probefleet.fingerprint.ResponseDocuments} and {@link
 *       dev.probefleet.fingerprint.ExplainOutput}: the documents of {@code probefleet explain}
 *       (DESIGN §3), in and out.
 * </ul>
 *
 * Pure and immutable: no I/O but reading the shipped rules from the class path.
 */
package dev.probefleet.fingerprint;
