/**
 * What peers hold and optimize: i.i.d. values to average ({@link org.moshsim.workload.Averaging}), or a model to
 * train ({@link org.moshsim.workload.Training}): the shipped datasets (UCI digits, breast cancer) or synthetic
 * least squares, split into train and test, with the training examples partitioned across the peers.
 * Depends on config, backend and random.
 */
package org.moshsim.workload;
