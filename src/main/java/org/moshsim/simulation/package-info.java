/**
 * Runs: wires the swarm (peers, failures, availability), a protocol, the network model, the workload and its local
 * work, and a backend, and lets simulated time run, in global rounds ({@link org.moshsim.simulation.SyncRun}) or event
 * by event ({@link org.moshsim.simulation.AsyncRun}, with its matchmaking windows and exchanges in flight); both hand an
 * instant's plans to the backend together ({@link org.moshsim.simulation.InstantBatch}). Records the error, the time
 * and the bytes, and why each run stopped. {@link org.moshsim.simulation.ExperimentRunner} runs every point x protocol
 * x seed, or any subset, such as a {@link org.moshsim.simulation.Shard} balanced by estimated cost;
 * {@link org.moshsim.simulation.RoundTime} estimates a synchronous round without numbers.
 * Depends on config, engine, random, swarm, network, protocol, plan, compress and lossy (how plans are sent),
 * training, workload, metrics and the backend interface; never on backend.cpu or backend.cuda.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.backend}, {@code org.moshsim.compress},
 * {@code org.moshsim.config}, {@code org.moshsim.engine}, {@code org.moshsim.lossy}, {@code org.moshsim.metrics},
 * {@code org.moshsim.network}, {@code org.moshsim.plan}, {@code org.moshsim.protocol}, {@code org.moshsim.random},
 * {@code org.moshsim.swarm}, {@code org.moshsim.training}, {@code org.moshsim.workload},
 * {@code org.apache.commons.rng}.
 */
package org.moshsim.simulation;
