package org.moshsim.config;

import org.moshsim.compress.Codec;
import org.moshsim.compress.Compression;
import org.moshsim.lossy.LossyLinks;

/**
 * Everything about a run but the protocol and the seed: the swarm, its values, its failures and availability,
 * the network, and how long to run.
 *
 * @param compute seconds of local work per round for a peer of speed 1 (divided by each peer's speed)
 * @param training what the peers train, or null when they only average their initial values
 * @param compression how every exchange compresses what it sends: a codec for averaging (or exact float32 rows), any
 *     {@link Compression} for gradient exchange (null reads as {@link Compression#EXACT})
 * @param packetLoss the lossy links every exchange's rows cross (after the codec, if any), or null for none
 */
public record Scenario(int peers, int dim, int rounds, InitSpec init, FailureSpec failures, SwarmSpec swarm,
                       NetworkSpec network, double compute, AvailabilitySpec availability, TimingSpec timing, TrainingSpec training,
                       Compression compression, LossyLinks packetLoss) {
    public Scenario {
        compression = compression == null ? Compression.EXACT : compression;
    }

    /** A scenario without packet loss, whose exchanges send through {@code codec} (null: exactly). */
    public Scenario(int peers, int dim, int rounds, InitSpec init, FailureSpec failures, SwarmSpec swarm, NetworkSpec network,
                    double compute, AvailabilitySpec availability, TimingSpec timing, TrainingSpec training, Codec codec) {
        this(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training,
                codec == null ? Compression.EXACT : new Compression.Coded(codec), null);
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

    /** The codec averagings send their rows through, or null for exact float32 rows. */
    public Codec codec() {
        return compression.codec();
    }

    /** The same scenario with its exchanges compressed by {@code compression} (null: exactly). */
    public Scenario withCompression(Compression compression) {
        return new Scenario(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training,
                compression, packetLoss);
    }

    /** The same scenario with its averagings' rows crossing {@code links} (null: lossless links). */
    public Scenario withPacketLoss(LossyLinks links) {
        return new Scenario(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training,
                compression, links);
    }
}
