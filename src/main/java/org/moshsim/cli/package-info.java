/**
 * The command line (picocli): {@code run}, {@code validate}, {@code merge}, {@code slurm}, {@code plot},
 * {@code compare}, {@code devices}, {@code protocols}, {@code reference}; {@code --with JAR} adds plug-in protocols.
 * Wires config, simulation, metrics and report. {@link org.moshsim.cli.DurableSweep} makes a sweep's runs durable as they
 * finish and resumes it; {@code merge} joins shards; {@code slurm} writes job arrays for Slurm, which schedules them (we
 * write no scheduler). Maps {@link org.moshsim.BadInput} to one line on stderr and exit status 2, an I/O failure (a full
 * disk) to one line and 1, anything else to 1 with its stack trace ({@code compare} also exits 1 when the folders differ).
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.backend}, {@code org.moshsim.backend.cuda},
 * {@code org.moshsim.config}, {@code org.moshsim.metrics}, {@code org.moshsim.protocol}, {@code org.moshsim.report},
 * {@code org.moshsim.simulation}, {@code picocli}, {@code me.tongfei.progressbar}, {@code com.fasterxml.jackson}.
 */
package org.moshsim.cli;
