package org.moshsim.network;

import org.moshsim.compress.Codec;
import org.moshsim.config.NetworkSpec;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.LossyRound;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Grouped;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.swarm.Peers;

/**
 * Prices plans in seconds and bytes, for a payload of S bytes per peer: one call, {@link #price}, for every plan, whose
 * collective picks the formula.
 * <ul>
 *   <li>Group plans: each group's exchange starts when all its members are ready and takes its collective's seconds:
 *   hivemind's load-balanced butterfly ({@link ButterflyAllReduce}), a ring ({@link RingAllReduce}), AD-PSGD's pair
 *   ({@link PairwiseExchange}), or a gradient exchange's pieces ({@link GradientTransfers}, {@link ParameterServerRound}).
 *   Butterfly groups first find each other through the DHT: the matchmaking window plus ceil(log2 N) lookup hops of
 *   one round trip each, unless the run holds its matchmaking windows itself ({@link #withWindows}).</li>
 *   <li>Mixing plans (gossip, push-sum): every peer's messages ({@link MixingExchanges}).</li>
 *   <li>A group that failed mid-exchange costs its members the timeout if it is a butterfly group (its members wait on
 *   the missing one), else its whole attempt. Either way they sent their bytes.</li>
 * </ul>
 * A plan with a codec moves the codec's bytes instead of S: see {@link #payload(Codec)}. A joining peer's model
 * download stays exact.
 *
 * <p>Over lossy links, zero-fill and received-only cost what lossless links cost: lost packets were sent all the
 * same. Retransmission resends lost packets pass after pass: the bytes grow by the expected sends per packet,
 * 1 / (1 - p) (geometric tries, p the loss rate), and every latency term is paid once per pass: E[passes] for the m
 * packets of one vector (see {@link #passes}). Both are expectations at the long-run loss rate, not the sends of the
 * plan's own link streams (which the network model does not replay): the same price for every seed, exact in the
 * mean for independent losses and approximate for bursts.
 */
public final class NetworkModel {
    private final Peers peers;
    private final NetworkSpec spec;
    private final double matchmaking;
    /** Whether the run's own matchmaking windows stand for the DHT's, so that groups exchange once they formed. */
    private final boolean windows;
    final double[] upload;
    final double[] download;
    final double[] latencies;
    /** Each peer's link for symmetric exchanges: the slower of its upload and download. */
    final double[] links;
    /** Whether every peer has the same link, and the same latency: then a group's price depends only on its size. */
    final boolean equalLinks;
    final boolean equalLatencies;
    private final GroupFormula butterfly = new ButterflyAllReduce(this);
    private final GroupFormula ring = new RingAllReduce(this);
    private final GroupFormula pairwise = new PairwiseExchange(this);
    private final GroupFormula gradientsByButterfly = new GradientTransfers(this, true);
    private final GroupFormula gradientsByRing = new GradientTransfers(this, false);
    private final GroupFormula server = new ParameterServerRound(this);
    private final MixingExchanges mixing = new MixingExchanges(this);
    /** The last codec priced and its payload (a run uses one codec). */
    private Codec pricedCodec;
    private double pricedPayload;
    /** The last retransmission passes priced, by payload (a run uses few payloads: S, S / n). */
    private LossyLinks passesLinks;
    private double passesPayload = Double.NaN;
    private double pricedPasses;

    /** A network for global rounds: every round's butterfly groups first meet through the DHT. */
    public NetworkModel(Peers peers, NetworkSpec spec) {
        this(peers, spec, false);
    }

    private NetworkModel(Peers peers, NetworkSpec spec, boolean windows) {
        this.peers = peers;
        this.spec = spec;
        this.windows = windows;
        int n = peers.size();
        this.upload = new double[n];
        this.download = new double[n];
        this.latencies = new double[n];
        this.links = new double[n];
        double meanLatency = 0;
        boolean sameLinks = true;
        boolean sameLatencies = true;
        for (int i = 0; i < n; i++) {
            upload[i] = peers.upload(i);
            download[i] = peers.download(i);
            latencies[i] = peers.latency(i);
            links[i] = Math.min(upload[i], download[i]);
            meanLatency += latencies[i] / n;
            sameLinks &= links[i] == links[0];
            sameLatencies &= latencies[i] == latencies[0];
        }
        this.equalLinks = sameLinks;
        this.equalLatencies = sameLatencies;
        this.matchmaking = spec.matchmaking() + lookupHops(peers.size()) * 2 * meanLatency;
    }

    /**
     * A network for a run that holds its matchmaking windows open itself ({@link #matchmaking()} seconds, or until full:
     * the asynchronous run): a window's groups exchange from when it closes.
     */
    public static NetworkModel withWindows(Peers peers, NetworkSpec spec) {
        return new NetworkModel(peers, spec, true);
    }

    /**
     * Prices a plan: exchanges start when their members are ready ({@code ready}, seconds, by peer); {@code groupEnd}
     * (for group plans) gets each group's end, {@code traffic} each peer's bytes sent. Returns when the slowest exchange
     * ends (negative infinity when the plan has none).
     */
    public double price(Plan plan, double[] ready, double[] groupEnd, Traffic traffic) {
        if (plan instanceof Grouped groups) {
            return groups(groups, formula(groups), ready, groupEnd, traffic);
        }
        if (plan instanceof SparseMixing matrix) {
            return mixing.price(matrix, ready, traffic);
        }
        return Double.NEGATIVE_INFINITY; // local steps send nothing
    }

    private GroupFormula formula(Grouped plan) {
        if (plan instanceof GroupAveraging averaging && averaging.compression() != null) {
            return averaging.collective() == GroupAveraging.Collective.BUTTERFLY ? gradientsByButterfly : gradientsByRing;
        }
        if (plan instanceof GroupAveraging averaging) {
            return switch (averaging.collective()) {
                case BUTTERFLY -> butterfly;
                case RING -> ring;
                case PAIRWISE -> pairwise;
            };
        }
        GradientExchange.Collective collective = ((GradientExchange) plan).collective();
        return collective instanceof GradientExchange.Collective.ParameterServer ? server
                : collective instanceof GradientExchange.Collective.Butterfly ? gradientsByButterfly : gradientsByRing;
    }

    private double groups(Grouped plan, GroupFormula formula, double[] ready, double[] groupEnd, Traffic traffic) {
        double formation = formula.matchmade() && !windows ? matchmaking : 0;
        int[] members = plan.members();
        double end = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < plan.groupCount(); g++) {
            int from = plan.offsets()[g];
            int to = plan.offsets()[g + 1];
            double start = 0;
            for (int k = from; k < to; k++) {
                // Plain comparisons, here and in the formulas' per-member loops: C1-compiled code (the launcher's) calls
                // Math.max on doubles out of line, which made pricing cost as much as the arithmetic.
                start = ready[members[k]] > start ? ready[members[k]] : start;
            }
            double seconds = formula.seconds(plan, from, to, traffic);
            groupEnd[g] = start + formation + (plan.failed(g) && formula.matchmade() ? spec.timeout() : seconds);
            end = Math.max(end, groupEnd[g]);
        }
        return end;
    }

    /**
     * Bytes one peer's vector takes on the wire through {@code codec} (null: S). The modelled payload S is a float32
     * vector of P = S / 4 parameters, so it costs codec.bytes(P): the codec's metadata per block or group is counted
     * for the modelled vector, not for the proxy dimension D that the arithmetic runs at (at D = 1, an int4 group's
     * 8 bytes of min and scale would make one value cost more than its 4 float32 bytes).
     */
    public double payload(Codec codec) {
        if (codec == null) {
            return spec.payload();
        }
        if (!codec.equals(pricedCodec)) {
            long parameters = Math.max(1, Math.round(spec.payload() / 4));
            // Beyond an int's reach, the ratio of 2^30 parameters (a whole number of any power-of-two block) scales.
            pricedPayload = parameters <= Integer.MAX_VALUE ? codec.bytes((int) parameters)
                    : parameters * (codec.bytes(1 << 30) / 0x1p30);
            pricedCodec = codec;
        }
        return pricedPayload;
    }

    /** Kademlia finds a key in about log2 N hops. */
    static int lookupHops(int peers) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(1, peers - 1));
    }

    /** Sends per nominal packet: 1 / (1 - p) under retransmission, else 1 (a lost packet was sent once too). */
    public static double sendsPerPacket(LossyLinks links) {
        return links == null || !links.retransmits() ? 1.0 : 1 / (1 - links.loss().lossRate());
    }

    /**
     * Expected transmission passes until all m = ceil(payload / packet) packets of a vector arrive under
     * retransmission (1 otherwise): the mean of the largest of m geometric numbers of tries,
     * E[max] = sum_{t >= 0} (1 - (1 - p^t)^m).
     */
    public double passes(LossyLinks links, double payload) {
        if (links == null || !links.retransmits()) {
            return 1.0;
        }
        if (links.equals(passesLinks) && payload == passesPayload) {
            return pricedPasses;
        }
        double p = links.loss().lossRate();
        double m = Math.max(1, Math.ceil(payload / links.packetBytes()));
        double passes = 0;
        double pt = 1; // p^t
        for (int t = 0; t < 100_000; t++) {
            double term = -Math.expm1(m * Math.log1p(-pt)); // 1 - (1 - p^t)^m; 1 at t = 0
            passes += t == 0 ? 1 : term;
            pt *= p;
            if (t > 0 && term < 1e-12) {
                break;
            }
        }
        passesLinks = links;
        passesPayload = payload;
        pricedPasses = passes;
        return passes;
    }

    /** The links a plan's rows cross (null: lossless). */
    static LossyLinks links(LossyRound loss) {
        return loss == null ? null : loss.links();
    }

    /** Seconds a group spends in DHT matchmaking before it can exchange (an asynchronous run's window). */
    public double matchmaking() {
        return matchmaking;
    }

    public double timeout() {
        return spec.timeout();
    }

    /** A joining peer downloads {@code bytes} of state from {@code source}: adds the bytes, returns seconds. */
    public double transfer(int source, int peer, double bytes, Traffic traffic) {
        traffic.add(source, bytes);
        return peers.latency(source) + peers.latency(peer) + bytes / Math.min(peers.upload(source), peers.download(peer));
    }
}
