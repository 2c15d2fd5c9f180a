/**
 * Experiment configs: YAML into immutable records, sweep expansion, validation with precise errors.
 *
 * <p>{@link org.moshsim.config.ExperimentReader} is the door: it reads a file into an
 * {@link org.moshsim.config.Experiment} whose points and protocols are fully resolved and checked, or throws
 * a {@link org.moshsim.config.ConfigError} naming the file, the line, the key and what is allowed. What would only
 * fail while running (a sweep too large, a run's measurements, simulated times beyond the clock) is checked here too.
 * Nothing downstream re-reads YAML.
 *
 * <p>Every key is read through its {@link org.moshsim.config.Key} definition (type, default, range, meaning), grouped in
 * {@link org.moshsim.config.KeySet}s; the same definitions give the errors, {@link org.moshsim.config.ConfigReference}
 * ({@code docs/config-reference.md}) and {@link org.moshsim.config.ConfigSchema} ({@code docs/moshsim.schema.json}).
 * Protocol entries are read by the types of a {@link org.moshsim.config.ProtocolCatalogue} (built-in or plug-in, found by
 * {@code org.moshsim.protocol.Protocols}), each through a {@link org.moshsim.config.ProtocolEntry}. Relative paths in a
 * config are relative to its folder. Depends only on the root package, compress and lossy (a scenario's codec and its
 * lossy links are among its records) and plan's {@code Apply} and {@code Optimizer}; never on protocol.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.compress}, {@code org.moshsim.lossy}, {@code org.moshsim.plan}
 * (the words plans carry: how a background averaging applies, which optimizer steps), {@code com.fasterxml.jackson},
 * {@code org.apache.commons.numbers}.
 */
package org.moshsim.config;
