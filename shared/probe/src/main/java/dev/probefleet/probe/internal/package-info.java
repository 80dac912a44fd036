/**
 * How the probe client works inside; not an API. {@code PathProber} runs a task's samples (a burst
 * over one keep-alive connection, then fresh ones) under the connection bound; {@code SampleProbe}
 * runs one request through resolve, connect, TLS, write and read, timing each phase and turning
 * what went wrong into a failure class; {@code ResponseParser} is the strict incremental HTTP/1.1
 * parser over {@code ResponseInput}, which enforces the probe's one deadline on every read; {@code
 * CertificateCheck} records what strict verification says of a chain even when the path is
 * insecure; {@code DnsjavaResolver} asks DNS servers directly, without a cache; {@code RequestIds}
 * numbers a round's requests from one random draw; {@code Priming} runs a client's path against a
 * {@code PrimingServer} of its own on 127.0.0.1 (with a throwaway {@code PrimingCertificate} for
 * TLS).
 */
package dev.probefleet.probe.internal;
