/**
 * The command line (picocli): {@code run}, {@code validate}, {@code plot}, {@code compare}, {@code devices}. Wires
 * config, simulation, metrics and report; maps {@link org.moshsim.BadInput} to one line on stderr and exit status 2,
 * anything else to 1 ({@code compare} also exits 1 when the folders differ).
 */
package org.moshsim.cli;
