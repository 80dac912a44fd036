package dev.probefleet.cli;

import dev.probefleet.fingerprint.ExplainOutput;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.fingerprint.LogLineExplainer;
import dev.probefleet.fingerprint.ResponseDocuments;
import dev.probefleet.model.CapturedResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probefleet explain}: who wrote a saved response, or what a proxy's error-log line means
 * (DESIGN §3). Prints one JSON document.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Fingerprint a saved response (which software wrote it, and what it means), or explain a"
          + " proxy error-log line (cause and next steps). Prints JSON.",
      "",
      "Examples:",
      "  probefleet explain --response saved-502.json",
      "  probefleet explain --response saved-502.json --rules my-rules.yaml",
      "  probefleet explain --log-line \"$(tail -1 /var/log/nginx/error.log)\""
    },
    footer = {
      "",
      "A response file looks like:",
      "  {\"status\": 502, \"reason\": \"Bad Gateway\", \"version\": \"HTTP/1.1\",",
      "   \"headers\": {\"Server\": \"nginx\", \"Set-Cookie\": [\"a\", \"b\"]}, \"body\": \"...\"}",
      "(reason and version optional; a header value may be a list.)"
    })
final class ExplainCommand implements Callable<Integer> {

  static final class Input {
    @Option(
        names = "--response",
        paramLabel = "FILE",
        required = true,
        description = "A response saved as JSON (see below).")
    Path response;

    @Option(
        names = "--log-line",
        paramLabel = "LINE",
        required = true,
        description = "One line of an nginx, HAProxy, Envoy or Apache log.")
    String logLine;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description = "Your own fingerprint rules, extending the built-in ones (with --response).")
  Path rules;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String json;
    if (input.response != null) {
      Fingerprinter fingerprinter = Fingerprinter.defaults();
      if (rules != null) {
        fingerprinter = fingerprinter.withUserRules(rules.toString(), readFile("--rules", rules));
      }
      CapturedResponse response =
          ResponseDocuments.read(readFile("--response", input.response), input.response.toString());
      json = ExplainOutput.toJson(fingerprinter.fingerprint(response));
    } else {
      if (rules != null) {
        throw new UsageException("--rules applies to --response, not to --log-line");
      }
      json = ExplainOutput.toJson(LogLineExplainer.defaults().explain(input.logLine));
    }
    spec.commandLine().getOut().println(json);
    spec.commandLine().getOut().flush();
    return ExitStatus.OK;
  }

  static String readFile(String option, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UsageException(option + " " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException(option + " " + file + ": cannot read it (" + e + ")");
    }
  }
}
