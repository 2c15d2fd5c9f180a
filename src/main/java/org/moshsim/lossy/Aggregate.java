package org.moshsim.lossy;

/**
 * What an aggregator computed from N peers' vectors, and what it cost in packets.
 *
 * @param values   the aggregate, one value per coordinate
 * @param arrivals per packet, how many of the N contributions arrived (the aggregator's own always does)
 * @param packets  nominal packets that crossed the network: senders x packets per vector
 * @param sends    packets actually sent, retransmissions included
 * @param lost     sends that were lost
 * @param rounds   transmission passes: 1 without retransmission, else the most passes any sender needed
 */
public record Aggregate(double[] values, int[] arrivals, long packets, long sends, long lost, int rounds) {
    /** Sends per nominal packet; 1 / (1 - p) on average under retransmission with loss rate p. */
    public double sendsPerPacket() {
        return packets == 0 ? 1.0 : (double) sends / packets;
    }

    /** Retransmissions: sends beyond one per packet, for the network model to price. */
    public long extraSends() {
        return sends - packets;
    }

    /** Mean over coordinates of (aggregate - truth): the signed bias of this round's aggregate. */
    public double meanDeviation(double[] truth) {
        double sum = 0;
        for (int j = 0; j < values.length; j++) {
            sum += values[j] - truth[j];
        }
        return sum / values.length;
    }
}
