package org.moshsim.network;

import org.moshsim.compress.Codec;
import org.moshsim.config.NetworkSpec;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.LossyRound;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.swarm.Peers;

/**
 * Prices plans in seconds and bytes, for a payload of S bytes per peer. Exchanges start when all their members
 * are ready; a synchronous round ends when its slowest exchange does.
 * <ul>
 *   <li>Butterfly groups (Moshpit, random groups) first pay DHT matchmaking: the window plus ceil(log2 N)
 *   lookup hops of one round trip each; then S xi (see {@link LoadBalancing}) plus two latencies, one per
 *   phase (reduce, then gather), the group's largest.</li>
 *   <li>Ring all-reduce: 2(n - 1) steps, each moving S / n between neighbours: 2(n - 1) max_i (S / (n b_i) +
 *   l_i), which is 2(n - 1)/n S / B + 2(n - 1) l for equal peers.</li>
 *   <li>Mixing (gossip, push-sum): every peer sends its vector to the peers whose rows use it; a peer's
 *   exchanges take max(sent S / upload, received S / download) plus the largest latency among its partners.</li>
 *   <li>A group that failed mid-exchange costs its members the timeout; a failed ring all-reduce costs a whole
 *   attempt. Both count the bytes they sent.</li>
 * </ul>
 * A plan (or exchange) with a codec moves the codec's bytes instead of S: see {@link #payload(Codec)}. A joining
 * peer's model download stays exact. Gradient exchanges are priced by what their compression moves
 * ({@link GradientPricing}).
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
    /** Per-peer scratch for pricing mixing plans: messages sent and received, start and latency of its exchanges. */
    private int[] sent;
    private int[] received;
    private double[] start;
    private double[] latency;
    private int[] touched;
    final double[] upload;
    final double[] download;
    final double[] latencies;
    private final GradientPricing gradients = new GradientPricing(this);
    /** The last codec priced and its payload (a run uses one codec). */
    private Codec pricedCodec;
    private double pricedPayload;
    /** The last retransmission passes priced, by payload (a run uses few payloads: S, S / n). */
    private LossyLinks passesLinks;
    private double passesPayload = Double.NaN;
    private double pricedPasses;

    public NetworkModel(Peers peers, NetworkSpec spec) {
        this.peers = peers;
        this.spec = spec;
        int n = peers.size();
        this.upload = new double[n];
        this.download = new double[n];
        this.latencies = new double[n];
        double meanLatency = 0;
        for (int i = 0; i < n; i++) {
            upload[i] = peers.upload(i);
            download[i] = peers.download(i);
            latencies[i] = peers.latency(i);
            meanLatency += latencies[i] / n;
        }
        this.matchmaking = spec.matchmaking() + lookupHops(peers.size()) * 2 * meanLatency;
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

    private static LossyLinks links(LossyRound loss) {
        return loss == null ? null : loss.links();
    }

    /** Seconds a group spends in DHT matchmaking before it can exchange. */
    public double matchmaking() {
        return matchmaking;
    }

    public double timeout() {
        return spec.timeout();
    }

    /**
     * Prices one synchronous round: exchanges start when their members are ready ({@code ready}, seconds);
     * {@code groupEnd} (for group plans) gets each group's end, {@code traffic} each peer's bytes sent.
     * Returns when the slowest exchange ends (negative infinity when the plan has none).
     */
    public double price(Plan plan, double[] ready, double[] groupEnd, Traffic traffic) {
        if (plan instanceof GradientExchange exchange) {
            return gradients.price(exchange, ready, groupEnd, traffic);
        }
        if (plan instanceof GroupAveraging groups) {
            return groups.collective() == GroupAveraging.Collective.RING ? ring(groups, ready, groupEnd, traffic)
                    : butterfly(groups, ready, groupEnd, traffic);
        }
        if (plan instanceof SparseMixing mixing) {
            return mixing(mixing, ready, traffic);
        }
        return Double.NEGATIVE_INFINITY; // local steps send nothing
    }

    private double butterfly(GroupAveraging plan, double[] ready, double[] groupEnd, Traffic traffic) {
        double end = Double.NEGATIVE_INFINITY;
        int[] members = plan.members();
        for (int g = 0; g < plan.groupCount(); g++) {
            int from = plan.offsets()[g];
            int to = plan.offsets()[g + 1];
            double start = 0;
            for (int k = from; k < to; k++) {
                start = ready[members[k]] > start ? ready[members[k]] : start;
            }
            // A failed group sent its bytes too, until the timeout told it that a member was gone.
            double seconds = exchange(members, from, to, plan.codec(), links(plan.loss()), traffic);
            groupEnd[g] = start + matchmaking + (plan.failed(g) ? spec.timeout() : seconds);
            end = Math.max(end, groupEnd[g]);
        }
        return end;
    }

    /**
     * One butterfly all-reduce among {@code members[from .. to - 1]}: adds each member's bytes sent and returns
     * the seconds it takes once matched.
     */
    public double exchange(int[] members, int from, int to, Traffic traffic) {
        return exchange(members, from, to, null, traffic);
    }

    /** {@link #exchange(int[], int, int, Traffic)} with the members sending through {@code codec} (null: exactly). */
    public double exchange(int[] members, int from, int to, Codec codec, Traffic traffic) {
        return exchange(members, from, to, codec, null, traffic);
    }

    /** {@link #exchange(int[], int, int, Codec, Traffic)} over lossy links ({@code links}; null: lossless). */
    public double exchange(int[] members, int from, int to, Codec codec, LossyLinks links, Traffic traffic) {
        return allReduce(members, from, to, payload(codec), links, traffic);
    }

    /** One butterfly all-reduce of a vector of {@code bytes} among {@code members[from .. to - 1]}; see {@link #exchange}. */
    double allReduce(int[] members, int from, int to, double bytes, LossyLinks links, Traffic traffic) {
        double payload = bytes * sendsPerPacket(links);
        double passes = passes(links, bytes);
        int n = to - from;
        double[] bandwidth = new double[n];
        double latency = 0;
        boolean equal = true;
        for (int k = 0; k < n; k++) {
            int member = members[from + k];
            bandwidth[k] = upload[member] < download[member] ? upload[member] : download[member];
            if (latencies[member] > latency) {
                latency = latencies[member];
            }
            equal &= bandwidth[k] == bandwidth[0];
        }
        if (equal) {
            // Equal links: the LP's unique optimum is w_i = 1/n, every member sending (2n - 2)/n S.
            for (int k = from; k < to; k++) {
                traffic.add(members[k], (2.0 * n - 2) / n * payload);
            }
            return payload * LoadBalancing.secondsPerByte(bandwidth) + 2 * latency * passes;
        }
        // Members in increasing bandwidth (insertion sort: groups are small), the LP's cache key.
        int[] order = new int[n];
        double[] sorted = new double[n];
        for (int k = 0; k < n; k++) {
            int j = k;
            while (j > 0 && sorted[j - 1] > bandwidth[k]) {
                sorted[j] = sorted[j - 1];
                order[j] = order[j - 1];
                j--;
            }
            sorted[j] = bandwidth[k];
            order[j] = k;
        }
        LoadBalancing.Solution solution = LoadBalancing.cached(sorted);
        for (int k = 0; k < n; k++) {
            traffic.add(members[from + order[k]], (1 + (n - 2) * solution.shares()[k]) * payload);
        }
        return payload * solution.secondsPerByte() + 2 * latency * passes;
    }

    private double ring(GroupAveraging plan, double[] ready, double[] groupEnd, Traffic traffic) {
        double end = Double.NEGATIVE_INFINITY;
        int[] members = plan.members();
        LossyLinks links = links(plan.loss());
        double payload = payload(plan.codec()) * sendsPerPacket(links);
        for (int g = 0; g < plan.groupCount(); g++) {
            int from = plan.offsets()[g];
            int to = plan.offsets()[g + 1];
            int n = to - from;
            double start = 0;
            double step = 0;
            // Each step moves S / n, resent pass after pass until it all arrives.
            double passes = passes(links, payload(plan.codec()) / n);
            for (int k = from; k < to; k++) {
                int peer = members[k];
                double own = payload / (n * Math.min(upload[peer], download[peer])) + latencies[peer] * passes;
                start = ready[peer] > start ? ready[peer] : start;
                step = own > step ? own : step;
                traffic.add(peer, 2.0 * (n - 1) / n * payload);
            }
            groupEnd[g] = start + 2.0 * (n - 1) * step;
            end = Math.max(end, groupEnd[g]);
        }
        return end;
    }

    private double mixing(SparseMixing plan, double[] ready, Traffic traffic) {
        int n = peers.size();
        if (sent == null) {
            sent = new int[n];
            received = new int[n];
            start = new double[n];
            latency = new double[n];
            touched = new int[n];
        }
        int involved = 0;
        int[] rows = plan.rows();
        int[] offsets = plan.offsets();
        int[] sources = plan.sources();
        for (int r = 0; r < rows.length; r++) {
            int receiver = rows[r];
            for (int k = offsets[r]; k < offsets[r + 1]; k++) {
                int sender = sources[k];
                if (sender == receiver) {
                    continue;
                }
                involved = touch(sender, involved);
                involved = touch(receiver, involved);
                sent[sender]++;
                received[receiver]++;
                // Plain comparisons, here and in the other per-peer loops: C1-compiled code (the launcher's)
                // calls Math.max on doubles out of line, which made pricing cost as much as the arithmetic.
                double both = ready[sender] > ready[receiver] ? ready[sender] : ready[receiver];
                double slower = latencies[sender] > latencies[receiver] ? latencies[sender] : latencies[receiver];
                if (both > start[sender]) {
                    start[sender] = both;
                }
                if (both > start[receiver]) {
                    start[receiver] = both;
                }
                if (slower > latency[sender]) {
                    latency[sender] = slower;
                }
                if (slower > latency[receiver]) {
                    latency[receiver] = slower;
                }
            }
        }
        double end = Double.NEGATIVE_INFINITY;
        LossyLinks links = links(plan.loss());
        double payload = payload(plan.codec()) * sendsPerPacket(links);
        double passes = passes(links, payload(plan.codec()));
        for (int t = 0; t < involved; t++) {
            int i = touched[t];
            double up = sent[i] * payload / upload[i];
            double down = received[i] * payload / download[i];
            double finish = start[i] + latency[i] * passes + (up > down ? up : down);
            if (finish > end) {
                end = finish;
            }
            traffic.add(i, sent[i] * payload);
            sent[i] = 0;
            received[i] = 0;
        }
        return end;
    }

    /** Marks a peer as part of this plan's exchanges, resetting its scratch on first touch. */
    private int touch(int peer, int involved) {
        if (sent[peer] == 0 && received[peer] == 0) {
            start[peer] = Double.NEGATIVE_INFINITY;
            latency[peer] = 0;
            touched[involved++] = peer;
        }
        return involved;
    }

    /** A joining peer downloads the model from {@code source}: adds the bytes, returns seconds. */
    public double transfer(int source, int peer, Traffic traffic) {
        traffic.add(source, spec.payload());
        return peers.latency(source) + peers.latency(peer) + spec.payload() / Math.min(peers.upload(source), peers.download(peer));
    }

    /** AD-PSGD's exchange: both peers send their whole vector to the other. Adds the bytes, returns seconds. */
    public double pairwise(int a, int b, Traffic traffic) {
        return pairwise(a, b, null, traffic);
    }

    /** {@link #pairwise(int, int, Traffic)} with both vectors sent through {@code codec} (null: exactly). */
    public double pairwise(int a, int b, Codec codec, Traffic traffic) {
        return pairwise(a, b, codec, null, traffic);
    }

    /** {@link #pairwise(int, int, Codec, Traffic)} over lossy links ({@code links}; null: lossless). */
    public double pairwise(int a, int b, Codec codec, LossyLinks links, Traffic traffic) {
        double payload = payload(codec) * sendsPerPacket(links);
        double passes = passes(links, payload(codec));
        traffic.add(a, payload);
        traffic.add(b, payload);
        double seconds = Math.max(payload / Math.min(peers.upload(a), peers.download(b)),
                payload / Math.min(peers.upload(b), peers.download(a)));
        return Math.max(peers.latency(a), peers.latency(b)) * passes + seconds;
    }
}
