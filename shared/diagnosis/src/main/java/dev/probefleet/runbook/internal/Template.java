package dev.probefleet.runbook.internal;

/**
 * A step before its variables are filled: an action and an optional command (null when none), both
 * with {@code {this.ip}}-style variables and doubled braces for literal ones.
 */
public record Template(String action, String command) {}
