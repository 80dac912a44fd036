/**
 * The stored form of model values: an explicit, versioned JSON encoding (not reflection), so a
 * renamed Java field never makes stored rounds or targets unreadable. Readers ignore fields they do
 * not know, so newer writers and older readers coexist during a deploy.
 */
package dev.probefleet.aws.codec;
