/**
 * What the peers do between their exchanges ({@link org.moshsim.training.LocalWork}): for averaging, a fixed compute
 * time; for training, every peer's local SGD steps (which examples, how long they take on its GPU, DropCompute), a
 * joining peer's download of the current model; and what each kind of run measures. The runs in {@code simulation}
 * decide when steps and averagings happen. Depends on config, backend (the interface only), plan, random, straggler,
 * swarm and workload; never on backend.cpu or backend.cuda.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.backend}, {@code org.moshsim.config},
 * {@code org.moshsim.plan}, {@code org.moshsim.random}, {@code org.moshsim.straggler}, {@code org.moshsim.swarm},
 * {@code org.moshsim.workload}, {@code org.apache.commons.rng}.
 */
package org.moshsim.training;
