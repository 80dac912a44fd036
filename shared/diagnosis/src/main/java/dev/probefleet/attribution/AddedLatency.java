package dev.probefleet.attribution;

/**
 * Each layer's added latency, by subtraction of the median healthy timings of adjacent paths: the
 * CDN's is {@code cdn − lb}, the load balancer's {@code lb − origin}. Computed from time to first
 * byte (the server side, including every hop behind) and from the total (which also carries the
 * client's DNS, connect and TLS to that hop). A value is null when either path is not configured or
 * had no healthy sample. Jitter can make a value slightly negative; it is reported as measured.
 *
 * @param cdnOverLbTtfbMs cdn ttfb − lb ttfb, ms
 * @param cdnOverLbTotalMs cdn total − lb total, ms
 * @param lbOverOriginTtfbMs lb ttfb − origin ttfb, ms
 * @param lbOverOriginTotalMs lb total − origin total, ms
 */
public record AddedLatency(
    Double cdnOverLbTtfbMs,
    Double cdnOverLbTotalMs,
    Double lbOverOriginTtfbMs,
    Double lbOverOriginTotalMs) {

  /** Nothing computable. */
  public static final AddedLatency UNKNOWN = new AddedLatency(null, null, null, null);
}
