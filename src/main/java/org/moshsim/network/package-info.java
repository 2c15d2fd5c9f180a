/**
 * The cost of moving bytes: each plan priced in seconds and bytes from the peers' links and latencies.
 * Group exchanges use hivemind's load-balanced butterfly all-reduce, all-reduce the ring, gossip and push-sum
 * their messages; groups pay DHT matchmaking, failures pay timeouts and retries. Compressed exchanges move
 * their codec's bytes; over lossy links, retransmission pays its expected resends and a latency per pass.
 * Depends on config, plan, compress (codec sizes), lossy (loss rates) and swarm.
 */
package org.moshsim.network;
