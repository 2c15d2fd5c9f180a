/**
 * Experiment configs: YAML into immutable records, sweep expansion, validation with precise errors.
 *
 * <p>{@link org.moshsim.config.ExperimentReader} is the door: it reads a file into an
 * {@link org.moshsim.config.Experiment} whose points and protocols are fully resolved and checked, or throws
 * a {@link org.moshsim.config.ConfigError} naming the file, the line, the key and what is allowed. What would only
 * fail while running (a sweep too large, a run's measurements, simulated times beyond the clock) is checked here too.
 * Nothing downstream re-reads YAML. Depends only on the root package, compress and lossy (a scenario's codec and its
 * lossy links are among its records).
 */
package org.moshsim.config;
