/**
 * Averaging protocols, and the training protocols that exchange gradients in their groups or through a parameter
 * server. Each decides who averages with whom and returns a {@link org.moshsim.plan.Plan}: round by round, or, for the
 * asynchronous protocols, as peers become ready (the group protocols' {@link org.moshsim.protocol.Matchmaking},
 * AD-PSGD's {@link org.moshsim.protocol.AdPsgd}); none ever touches a number. One protocol per file, with its
 * {@link org.moshsim.protocol.ProtocolType}: the service that reads its config entry and starts it, found by
 * {@link java.util.ServiceLoader} (built-in types are registered in
 * {@code META-INF/services/org.moshsim.protocol.ProtocolType} as a plug-in's are); {@link org.moshsim.protocol.Protocols}
 * lists them and starts the type of a spec. The plan types, {@link org.moshsim.protocol.Protocol},
 * {@link org.moshsim.protocol.Participation} and {@link org.moshsim.protocol.Matchmaking} are the contract a plug-in
 * codes against.
 * Depends on config (specs), plan and random; never on backends, the network or the swarm (who is online comes in as a
 * predicate).
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.config}, {@code org.moshsim.plan}, {@code org.moshsim.random},
 * {@code org.apache.commons.rng}.
 */
package org.moshsim.protocol;
