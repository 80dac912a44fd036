package dev.probefleet.lab.topology;

import java.io.IOException;

/** The hop's client went away while the hop was writing to it; nothing more to do for it. */
final class DownstreamGoneException extends Exception {
  private static final long serialVersionUID = 1L;

  DownstreamGoneException(IOException cause) {
    super(cause.getMessage(), cause, false, false);
  }
}
