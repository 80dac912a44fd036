package dev.probefleet.cli;

import picocli.CommandLine.Command;

/**
 * {@code probefleet targets}: the targets file and the registry. Only its subcommands run; without
 * one, picocli reports the missing subcommand (exit 2).
 */
@Command(
    name = "targets",
    mixinStandardHelpOptions = true,
    subcommands = {TargetsValidateCommand.class, TargetsApplyCommand.class},
    description = {
      "Check a targets file, or make the targets registry hold exactly its targets.",
      "",
      "Examples:",
      "  probefleet targets validate targets.yaml",
      "  probefleet targets apply targets.yaml --dry-run",
      "  probefleet targets apply targets.yaml --store aws"
    },
    footer = {
      "",
      "Exit status: 0 done; 2 bad usage or a targets file with problems"
          + " (FILE:LINE:COLUMN: FIELD: message on stderr); 3 an internal error."
    })
final class TargetsCommand {}
