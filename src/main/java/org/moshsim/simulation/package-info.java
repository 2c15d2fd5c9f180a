/**
 * Runs: wires the swarm (peers, failures, availability), a protocol, the network model, the workload and a
 * backend, and lets simulated time run, in global rounds or event by event; records the error, the time and
 * the bytes, and why each run stopped. {@link org.moshsim.simulation.ExperimentRunner} runs every point x protocol x
 * seed, or any subset, such as a {@link org.moshsim.simulation.Shard} balanced by estimated cost;
 * {@link org.moshsim.simulation.RoundTime} estimates a synchronous round without numbers.
 * Depends on config, engine, swarm, network, protocol, backend, workload and metrics.
 */
package org.moshsim.simulation;
