package dev.probefleet.cli.board;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /metrics}: the fleet's metrics for Prometheus to scrape, in the format its {@code
 * Accept} header asks for (the text format by default, OpenMetrics when asked).
 */
@Controller("/metrics")
@Requires(beans = PrometheusMetrics.class)
public final class MetricsController {
  private final PrometheusMetrics metrics;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsController(PrometheusMetrics metrics) {
    this.metrics = metrics;
  }

  /** Reads the incident history for the open-incident gauge: off the event loop. */
  @Get
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<byte[]> scrape(@Header(HttpHeaders.ACCEPT) @Nullable String accept) {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(body, metrics.registry().scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HttpResponse.ok(body.toByteArray()).contentType(MediaType.of(writer.getContentType()));
  }
}
