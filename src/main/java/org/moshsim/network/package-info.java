/**
 * The cost of moving bytes: each plan priced in seconds and bytes from the peers' links and latencies, through one
 * call ({@link org.moshsim.network.NetworkModel#price}) whose plan's collective picks a small formula: hivemind's
 * load-balanced butterfly all-reduce, the ring, AD-PSGD's pair, gossip's and push-sum's messages, a gradient exchange's
 * pieces (all-reduces, all-gathers, all-to-alls) and the parameter server. Butterfly groups pay DHT matchmaking,
 * failures pay timeouts and retries. Compressed exchanges move their codec's bytes; over lossy links, retransmission
 * pays its expected resends and a latency per pass.
 * Depends on config, plan, compress (codec sizes), lossy (loss rates) and swarm (links); never on backends: the
 * network prices plans, it never touches numbers.
 *
 * <p>May import: {@code org.moshsim.config}, {@code org.moshsim.plan}, {@code org.moshsim.compress},
 * {@code org.moshsim.lossy}, {@code org.moshsim.swarm}, {@code org.apache.commons.math3}.
 */
package org.moshsim.network;
