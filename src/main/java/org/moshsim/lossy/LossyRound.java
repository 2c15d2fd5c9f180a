package org.moshsim.lossy;

/**
 * The lossy links of one plan: the run's seed and the plan's round (a synchronous run's round, or an asynchronous
 * run's count of applied plans) pick each link's stream, (seed, round, sender, receiver) in
 * {@link PacketLoss#stream}, so which packets are lost never depends on threads or on the order links are read.
 */
public record LossyRound(LossyLinks links, long seed, int round) {
    /** The losses of link sender -> receiver in this round. */
    public LinkLosses link(int sender, int receiver) {
        return links.loss().link(seed, sender, receiver, round);
    }

    public LossyAggregation aggregation() {
        return links.aggregation();
    }

    public PacketLayout layout() {
        return links.layout();
    }

    /** Whether the values come out exact: lost packets are resent until everything arrives. */
    public boolean exact() {
        return links.retransmits();
    }
}
