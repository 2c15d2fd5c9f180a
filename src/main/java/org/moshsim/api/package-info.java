/**
 * moshsim from Java: {@link org.moshsim.api.Moshsim} reads an experiment (a YAML file, YAML text, or a map of the same
 * keys built in code), runs it, and returns its {@link org.moshsim.api.Results}: every run's measurements and the
 * summary's rows as objects, the same numbers {@code moshsim run} writes to metrics.csv and summary.csv. Bad input is
 * a {@link org.moshsim.BadInput} whose message is the CLI's one line. Protocols of plug-in jars are found through a
 * class loader, as {@code --with} finds them. Depends on config, protocol, simulation, backend, metrics and report.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.backend}, {@code org.moshsim.config},
 * {@code org.moshsim.metrics}, {@code org.moshsim.protocol}, {@code org.moshsim.report},
 * {@code org.moshsim.simulation}, {@code com.fasterxml.jackson}.
 */
package org.moshsim.api;
