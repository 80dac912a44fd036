package dev.probefleet.model;

/**
 * How many requests each path gets per round. More than one measures an intermittent 5xx rate: some
 * requests reuse one keep-alive connection, some open fresh ones, so the keep-alive race between a
 * load balancer's idle timeout and the origin's shows up.
 *
 * @param requests requests per path per round, at least 1
 */
public record BurstSpec(int requests) {
  public static final BurstSpec SINGLE = new BurstSpec(1);

  public BurstSpec {
    if (requests < 1) {
      throw new IllegalArgumentException("burst.requests must be at least 1, got " + requests);
    }
  }
}
