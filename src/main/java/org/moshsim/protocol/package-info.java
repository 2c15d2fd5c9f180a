/**
 * Averaging protocols, and the training protocols that exchange gradients in their groups or through a parameter
 * server. Each decides, round by round, who averages with whom and returns a {@link org.moshsim.plan.Plan}; none
 * ever touches a number. One protocol per file;
 * {@link org.moshsim.protocol.Protocols#create} builds one from its config.
 * Depends on config (specs), plan and random; never on backends.
 */
package org.moshsim.protocol;
