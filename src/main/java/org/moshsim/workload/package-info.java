/**
 * What peers hold and optimize, a sealed {@link org.moshsim.workload.Workload}: i.i.d. values to average
 * ({@link org.moshsim.workload.Averaging}), or a model to train ({@link org.moshsim.workload.Training}): the shipped
 * datasets (UCI digits, breast cancer) or synthetic least squares with its optimum, split into train and test, with the
 * training examples partitioned across the peers. Depends on config, random and the backend interface (a workload sets
 * the backend up); never on backend.cpu or backend.cuda: workloads describe tasks, backends compute them.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.backend}, {@code org.moshsim.config},
 * {@code org.moshsim.random}, {@code org.apache.commons.rng}, {@code org.apache.commons.math3}.
 */
package org.moshsim.workload;
