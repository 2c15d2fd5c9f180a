package org.moshsim.lossy;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Which packets a link loses. Every (sender, receiver, round) link has its own stream, so a result is a pure
 * function of those indices and the seed, whatever order links are simulated in.
 *
 * <p>Streams: (seed + round x 0x9E3779B97F4A7C15, PACKET_LOSS, sender, receiver). A stream has only two index words,
 * so the round goes into the Philox key: a Weyl step keeps keys distinct for distinct rounds of one seed. Use
 * {@link #EXTERNAL} as the index of an aggregator or broadcaster that is not one of the peers.
 */
public sealed interface PacketLoss permits BernoulliLoss, GilbertElliottLoss {
    /** Index of a node outside the peers (a parameter server), for link streams. */
    int EXTERNAL = -1;

    /** The long-run fraction of packets lost. */
    double lossRate();

    /** The losses of link sender -> receiver in this round; each link starts in the loss process's stationary law. */
    LinkLosses link(long seed, int sender, int receiver, int round);

    /** The fates of the first {@code packets} packets of link sender -> receiver in this round. */
    default boolean[] lost(long seed, int sender, int receiver, int round, int packets) {
        LinkLosses link = link(seed, sender, receiver, round);
        boolean[] lost = new boolean[packets];
        for (int k = 0; k < packets; k++) {
            lost[k] = link.nextLost();
        }
        return lost;
    }

    /** The random stream of one link in one round. */
    static UniformRandomProvider stream(long seed, int sender, int receiver, int round) {
        return RandomStreams.stream(seed + round * 0x9E37_79B9_7F4A_7C15L, Purpose.PACKET_LOSS, sender, receiver);
    }
}
