package org.moshsim.lossy;

/**
 * A parameter broadcast over lossy links without retransmission (Weintraub et al. 2025, Section 5): each replica
 * overwrites the packets that arrive and keeps its stale values where a packet was lost. Replicas therefore drift
 * apart, but a coordinate is refreshed with probability 1 - p every round, so its age is geometric and the drift
 * stays bounded however many rounds pass.
 */
public final class ParameterBroadcast {
    private ParameterBroadcast() {
    }

    /**
     * Sends {@code source} from {@code sender} to every replica over link sender -> r in this round. The sender's own
     * replica (if it is a peer) is local and receives everything.
     *
     * @return per replica, the number of packets lost
     */
    public static int[] broadcast(float[] source, float[][] replicas, int sender, PacketLoss loss, PacketLayout layout,
            long seed, int round) {
        return broadcast(source, replicas, null, sender, loss, layout, seed, round);
    }

    /**
     * As {@link #broadcast(float[], float[][], int, PacketLoss, PacketLayout, long, int)}, with replica r held by peer
     * {@code receivers[r]} (null: by peer r), which names its link.
     */
    public static int[] broadcast(float[] source, float[][] replicas, int[] receivers, int sender, PacketLoss loss,
            PacketLayout layout, long seed, int round) {
        int dim = source.length;
        int packets = layout.packets(dim);
        int[] lostPackets = new int[replicas.length];
        for (int r = 0; r < replicas.length; r++) {
            if (replicas[r].length != dim) {
                throw new IllegalArgumentException("replica " + r + " has " + replicas[r].length + " values, expected " + dim);
            }
            int receiver = receivers == null ? r : receivers[r];
            LinkLosses link = receiver == sender ? null : loss.link(seed, sender, receiver, round);
            for (int k = 0; k < packets; k++) {
                if (link != null && link.nextLost()) {
                    lostPackets[r]++;
                    continue;
                }
                int start = layout.start(k);
                System.arraycopy(source, start, replicas[r], start, layout.end(k, dim) - start);
            }
        }
        return lostPackets;
    }
}
