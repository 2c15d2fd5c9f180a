/**
 * The simulation loop. {@link org.moshsim.engine.Simulation} runs one protocol on one scenario round by
 * round: the swarm says who is live, the protocol plans, the backend computes, the error is recorded.
 * {@link org.moshsim.engine.ExperimentRunner} runs every point x protocol x seed of an experiment.
 * Depends on config, swarm, protocol, backend, workload and metrics.
 */
package org.moshsim.engine;
