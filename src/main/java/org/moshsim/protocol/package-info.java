/**
 * Averaging protocols, and the training protocols that exchange gradients in their groups or through a parameter
 * server. Each decides who averages with whom and returns a {@link org.moshsim.plan.Plan}: round by round, or, for the
 * asynchronous protocols, as peers become ready (the group protocols' {@link org.moshsim.protocol.Matchmaking},
 * AD-PSGD's {@link org.moshsim.protocol.AdPsgd}); none ever touches a number. One protocol per file;
 * {@link org.moshsim.protocol.Protocols#create} builds one from its config.
 * Depends on config (specs), plan and random; never on backends, the network or the swarm (who is online comes in as a
 * predicate).
 */
package org.moshsim.protocol;
