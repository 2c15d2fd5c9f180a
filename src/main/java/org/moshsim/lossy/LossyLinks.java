package org.moshsim.lossy;

/**
 * Packet loss on every link of an averaging: which packets a link loses, how big a packet is, and how a receiver
 * aggregates what reached it (the scenario key {@code packet-loss}).
 *
 * <p>Packets cut the proxy row that the arithmetic runs on (D float32 values, whatever codec shrinks the bytes on the
 * wire): a packet carries max(1, packetBytes / 4) values, so a row of D values takes ceil(D / values per packet)
 * packets, at least one. The network model prices the modelled payload in packets of the same size.
 *
 * @param loss        the loss process of every link
 * @param packetBytes payload bytes per packet (1400 fits an Ethernet MTU with headers)
 * @param aggregation zero-fill, received-only or retransmission
 */
public record LossyLinks(PacketLoss loss, int packetBytes, LossyAggregation aggregation) {
    public LossyLinks {
        if (packetBytes < PacketLayout.VALUE_BYTES) {
            throw new IllegalArgumentException("a packet must carry at least one float32 value (4 bytes), got " + packetBytes);
        }
    }

    /** How a row is cut into packets. */
    public PacketLayout layout() {
        return PacketLayout.ofPayloadBytes(packetBytes);
    }

    /** Whether lost packets are resent until all arrive: exact values, more time. */
    public boolean retransmits() {
        return aggregation instanceof LossyAggregation.Retransmission;
    }

    /** These links in one round of a run: what a plan carries. */
    public LossyRound at(long seed, int round) {
        return new LossyRound(this, seed, round);
    }
}
