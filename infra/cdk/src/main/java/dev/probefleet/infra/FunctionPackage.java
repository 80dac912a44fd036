package dev.probefleet.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A function's deployable zip as its module builds it ({@code
 * functions/<module>/target/probefleet-<name>-function.zip}, the parent pom's assembly) and the
 * handler Lambda calls.
 *
 * @param name the function's short name: {@code probe}, {@code analyzer}, {@code api}
 * @param module its module directory under {@code functions/}
 * @param handler the {@code Handler} setting
 */
public record FunctionPackage(String name, String module, String handler) {

  /** The regional probe function: a {@code MicronautRequestHandler}. */
  public static final FunctionPackage PROBE =
      new FunctionPackage("probe", "probe", "dev.probefleet.functions.probe.ProbeFunction");

  /** The analyzer function (home region): a {@code MicronautRequestHandler}. */
  public static final FunctionPackage ANALYZER =
      new FunctionPackage(
          "analyzer", "analyzer", "dev.probefleet.functions.analyzer.AnalyzerFunction");

  /** The query API function: API Gateway HTTP API events, payload format 2.0. */
  public static final FunctionPackage API =
      new FunctionPackage("api", "api", "dev.probefleet.api.ApiFunction::handleRequest");

  /** The zip's file name. */
  public String zipName() {
    return "probefleet-" + name + "-function.zip";
  }

  /**
   * The zip under a {@code functions} directory, which must be there: a stack pointing at a missing
   * artifact would synthesize and fail only at deploy time.
   *
   * @throws InvalidContextException naming {@code functionsDir} and how to build the zip
   */
  public Path zip(Path functionsDir) {
    Path zip = functionsDir.resolve(module).resolve("target").resolve(zipName()).normalize();
    if (!Files.isRegularFile(zip)) {
      throw new InvalidContextException(
          "functionsDir",
          zip.toAbsolutePath()
              + " is missing: build it with ./mvnw -DskipTests -pl functions/"
              + module
              + " -am package");
    }
    return zip;
  }
}
