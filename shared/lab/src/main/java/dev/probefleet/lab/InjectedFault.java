package dev.probefleet.lab;

import java.util.Objects;

/**
 * A fault in force in the lab and where it applies.
 *
 * @param fault the fault
 * @param at where: {@code cdn}, {@code lb}, {@code origin[0]}, {@code dns:cdn} …
 */
public record InjectedFault(LabFault fault, String at) {
  public InjectedFault {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(at, "at");
  }
}
