package org.moshsim.config;

import org.moshsim.compress.Codec;
import org.moshsim.lossy.LossyLinks;

/**
 * Everything about a run but the protocol and the seed: the swarm, its values, its failures and availability,
 * the network, and how long to run.
 *
 * @param compute seconds of local work per round for a peer of speed 1 (divided by each peer's speed)
 * @param training what the peers train, or null when they only average their initial values
 * @param compression the lossy codec every averaging sends its rows through, or null for exact float32 rows
 * @param packetLoss the lossy links every averaging's rows cross (after the codec, if any), or null for none
 */
public record Scenario(int peers, int dim, int rounds, InitSpec init, FailureSpec failures, SwarmSpec swarm,
                       NetworkSpec network, double compute, AvailabilitySpec availability, TimingSpec timing, TrainingSpec training,
                       Codec compression, LossyLinks packetLoss) {
    /** A scenario without packet loss. */
    public Scenario(int peers, int dim, int rounds, InitSpec init, FailureSpec failures, SwarmSpec swarm, NetworkSpec network,
                    double compute, AvailabilitySpec availability, TimingSpec timing, TrainingSpec training, Codec compression) {
        this(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training, compression, null);
    }

    /** A scenario without compression. */
    public Scenario(int peers, int dim, int rounds, InitSpec init, FailureSpec failures, SwarmSpec swarm, NetworkSpec network,
                    double compute, AvailabilitySpec availability, TimingSpec timing, TrainingSpec training) {
        this(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training, null, null);
    }

    /** An averaging scenario. */
    public Scenario(int peers, int dim, int rounds, InitSpec init, FailureSpec failures, SwarmSpec swarm, NetworkSpec network,
                    double compute, AvailabilitySpec availability, TimingSpec timing) {
        this(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, null, null, null);
    }

    /** A round-based scenario with default peers and network: 1 Gbit/s, no latency, payload 4 D bytes. */
    public Scenario(int peers, int dim, int rounds, InitSpec init, FailureSpec failures) {
        this(peers, dim, rounds, init, failures, SwarmSpec.DEFAULT, new NetworkSpec(4.0 * dim, new Dist.Constant(0), 0, 5),
                0, AvailabilitySpec.ALWAYS, TimingSpec.UNBOUNDED);
    }

    /** The same scenario with its averagings sent through {@code codec} (null: exactly). */
    public Scenario withCompression(Codec codec) {
        return new Scenario(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training, codec,
                packetLoss);
    }

    /** The same scenario with its averagings' rows crossing {@code links} (null: lossless links). */
    public Scenario withPacketLoss(LossyLinks links) {
        return new Scenario(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training,
                compression, links);
    }
}
