/** The fleet's whole loop in one process: rounds on a schedule, each analysed as it ends. */
package dev.probefleet.run;
