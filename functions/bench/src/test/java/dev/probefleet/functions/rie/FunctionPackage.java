package dev.probefleet.functions.rie;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A function's deployable zip (Lambda's Java layout: every jar under {@code lib/}) and the handler
 * Lambda is configured with. The zips are built by their modules' {@code package} phase; the build
 * passes their paths to the tests and the benchmark as system properties.
 *
 * @param name a short name for logs and work directories (e.g. {@code probe})
 * @param zip the package
 * @param handler the handler class, as the function's {@code Handler} setting names it
 */
public record FunctionPackage(String name, Path zip, String handler) {

  public FunctionPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zip, "zip");
    Objects.requireNonNull(handler, "handler");
  }

  /** The Micronaut probe function. */
  public static FunctionPackage probe() {
    return of("probe", "probefleet.package.probe", "dev.probefleet.functions.probe.ProbeFunction");
  }

  /** The Micronaut analyzer function. */
  public static FunctionPackage analyzer() {
    return of(
        "analyzer",
        "probefleet.package.analyzer",
        "dev.probefleet.functions.analyzer.AnalyzerFunction");
  }

  /** The Micronaut query API function (API Gateway HTTP API events, payload 2.0). */
  public static FunctionPackage api() {
    return of("api", "probefleet.package.api", "dev.probefleet.api.ApiFunction");
  }

  /** The plain-Java {@code GET /v1/status} handler (the api's cold-start baseline). */
  public static FunctionPackage plainApi() {
    return of(
        "plain-api", "probefleet.package.plain", "dev.probefleet.functions.plain.PlainApiHandler");
  }

  /** The plain-Java probe handler (the baseline of the cold-start benchmark). */
  public static FunctionPackage plainProbe() {
    return of(
        "plain-probe",
        "probefleet.package.plain",
        "dev.probefleet.functions.plain.PlainProbeHandler");
  }

  /**
   * The package a system property names.
   *
   * @throws IllegalStateException when the property is unset or the zip is not there, saying how to
   *     build it
   */
  public static FunctionPackage of(String name, String property, String handler) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set: run this through Maven (functions/bench/pom.xml sets it), or pass"
              + " -D"
              + property
              + "=/path/to/the/function.zip");
    }
    Path zip = Path.of(value).toAbsolutePath().normalize();
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(
          "the "
              + name
              + " function's package "
              + zip
              + " is missing: build it with ./mvnw -DskipTests -pl functions/bench -am package");
    }
    return new FunctionPackage(name, zip, handler);
  }

  /** This package with another handler (a zip may hold several, as the plain one does). */
  public FunctionPackage withHandler(String otherName, String otherHandler) {
    return new FunctionPackage(otherName, zip, otherHandler);
  }
}
