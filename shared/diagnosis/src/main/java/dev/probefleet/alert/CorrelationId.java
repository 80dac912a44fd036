package dev.probefleet.alert;

import java.util.Objects;

/**
 * An id to find a request in some hop's logs.
 *
 * @param path the path it belongs to ({@code cdn}, {@code lb}, {@code origin[0]})
 * @param header the header it travels in ({@code X-Request-ID}, {@code X-Amz-Cf-Id}, {@code
 *     CF-Ray}, {@code X-Amzn-Trace-Id}, …)
 * @param value its value
 * @param sent true for the {@code X-Request-ID} the probe sent, false for ids the hops sent back
 */
public record CorrelationId(String path, String header, String value, boolean sent) {
  public CorrelationId {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(value, "value");
  }
}
