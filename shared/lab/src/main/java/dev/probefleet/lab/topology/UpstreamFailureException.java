package dev.probefleet.lab.topology;

/**
 * An exchange with an upstream failed in a way a proxy names in its error log. Internal control
 * flow of the hop, never thrown out of it: the hop turns it into an error page or a cut connection.
 */
final class UpstreamFailureException extends Exception {
  private static final long serialVersionUID = 1L;

  private final UpstreamFailure failure;
  private java.net.InetSocketAddress server;

  UpstreamFailureException(UpstreamFailure failure, String detail) {
    super(failure + ": " + detail, null, false, false);
    this.failure = failure;
  }

  UpstreamFailure failure() {
    return failure;
  }

  /** The server the failure happened with; null when none was chosen. */
  java.net.InetSocketAddress server() {
    return server;
  }

  UpstreamFailureException at(java.net.InetSocketAddress value) {
    if (server == null) {
      server = value;
    }
    return this;
  }
}
