/** probefleet's root package: the root of its exception hierarchy. */
package dev.probefleet;
