/**
 * Training on top of the averaging runs: every peer's local SGD steps (which examples, how long they take on
 * its GPU), a joining peer's download of the current model, and what a training run measures. The runs in
 * {@code simulation} decide when steps and averagings happen. Depends on config, backend, plan, random, swarm
 * and workload.
 */
package org.moshsim.training;
