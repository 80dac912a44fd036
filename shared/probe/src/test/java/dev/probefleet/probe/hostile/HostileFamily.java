package dev.probefleet.probe.hostile;

/**
 * The kinds of hostile answer the generator throws at the probe client, each with seeded variants
 * (the variant names the scenario and, where the lab server has one, its {@link
 * dev.probefleet.lab.server.Fault} name). Cases go round the families in this order, so every run
 * of at least this many cases plays each of them.
 */
enum HostileFamily {
  /** A status line that is not {@code HTTP/1.x SP 3DIGIT [SP reason]}, or too many 1xx answers. */
  MALFORMED_STATUS_LINE,
  /** A good status line, then a header line no parser should take. */
  MALFORMED_HEADER,
  /** The header block cut short: a clean close (even with zero bytes) or a reset. */
  TRUNCATED,
  /** A header block, status line or single line over the client's header limit. */
  OVERSIZED_HEADER,
  /** A body of any framing, up to far past the capture and drain limits. */
  OVERSIZED_BODY,
  /** Silence, late first bytes, a trickle or a stall, under a short probe timeout. */
  SLOW_DRIP,
  /** Random bytes: as the whole answer, as header lines, as a body. */
  BINARY,
  /** A {@code Content-Length} that is short, long, huge, unparseable or in conflict. */
  LYING_CONTENT_LENGTH,
  /** Chunked framing broken: sizes, missing CRLFs, truncation, trailers. */
  BROKEN_CHUNKED,
  /** The answer to a TLS client hello is not TLS: garbage, plain HTTP, bogus records, a hang-up. */
  TLS_GARBAGE,
  /** No status line at all: a body as an HTTP/0.9 server (or another protocol) sends it. */
  HTTP_09
}
