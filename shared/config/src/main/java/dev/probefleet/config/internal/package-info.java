/**
 * How the targets file is read: SnakeYAML's node tree (positions kept, never constructed into
 * objects), a schema walk that collects problems instead of stopping at the first, and the syntax
 * checks for what the file says about HTTP, durations, regions and referenced files. Not API: use
 * {@link dev.probefleet.config.TargetsLoader}.
 */
package dev.probefleet.config.internal;
