package dev.probefleet.lab.server;

/**
 * How the {@link FaultHttpServer} misbehaves for one request, each mode a failure seen in the
 * field. The server always reads the whole request first, so a close is a clean FIN (unless the
 * fault is a reset): a peer closing with unread request bytes would send a reset instead and blur
 * the two.
 */
public enum Fault {
  /** Serve the reply as configured. */
  NONE,
  /** Write the reply one byte at a time, {@link Reply#trickleInterval()} apart (slowloris). */
  TRICKLE,
  /** Replace the status line with {@code HTTP/1.1 abc}. */
  INVALID_STATUS_LINE,
  /** Put a header line without a colon ({@code garbage}) as the second header line. */
  INVALID_HEADER_LINE,
  /** Close the connection without writing a byte (nginx's 444, a crashed worker). */
  EMPTY_REPLY,
  /** Write the status line and part of the headers, then close. */
  CLOSE_MID_HEADERS,
  /** Reset the connection (SO_LINGER 0, then close) instead of answering. */
  RESET,
  /** Write the headers and half the body, then reset the connection. */
  RESET_MID_BODY,
  /** Pad the header block past {@link Reply#oversizedHeaderBytes()} bytes. */
  OVERSIZED_HEADERS,
  /**
   * Announce the whole body (its Content-Length, or chunked framing) but write only half of it,
   * then close.
   */
  TRUNCATED_BODY,
  /** Write the headers and half the body, then hold the connection open without writing more. */
  STALL_MID_BODY,
  /** Read the request, then hold the connection open without ever answering. */
  NEVER_RESPOND
}
