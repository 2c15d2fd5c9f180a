package org.moshsim.protocol;

import java.util.List;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;

/**
 * Push-sum as in Stochastic Gradient Push (Assran et al., 2019), on the time-varying directed exponential
 * graph: in round t peer i sends to the peers 2^e hops ahead, e = (t * outDegree + j) mod L for
 * j &lt; outDegree, where L is the number of hops 1, 2, 4, ... below N. A sender splits its value and its
 * push-sum weight evenly over itself and its live targets, so the matrix is column-stochastic: mass is
 * preserved and the de-biased estimates value / weight converge to the true mean. Failed peers neither send
 * nor receive; under {@code void}, a sender with a failed target keeps everything.
 */
final class PushSum implements Protocol {
    private final int peers;
    private final int outDegree;
    private final int hopCount;
    private final int[] hops;
    private final double[] share;
    private final boolean[] sends;

    PushSum(int peers, int outDegree) {
        this.peers = peers;
        this.outDegree = outDegree;
        this.hopCount = ProtocolSpec.PushSum.hops(peers);
        this.hops = new int[outDegree];
        this.share = new double[peers];
        this.sends = new boolean[peers];
    }

    @Override
    public Plan plan(int round, Participation participation) {
        for (int j = 0; j < outDegree; j++) {
            hops[j] = 1 << (int) (((long) round * outDegree + j) % hopCount);
        }
        for (int i = 0; i < peers; i++) {
            int targets = 0;
            boolean complete = true;
            if (participation.isLive(i)) {
                for (int hop : hops) {
                    int target = (i + hop) % peers;
                    if (participation.isLive(target)) {
                        targets++;
                    } else if (participation.joins(target)) {
                        complete = false;
                    }
                }
            }
            sends[i] = complete && targets > 0;
            share[i] = sends[i] ? 1.0 / (1 + targets) : 1.0;
        }
        SparseMixing.Builder matrix = new SparseMixing.Builder(peers, peers * (outDegree + 1));
        for (int i = 0; i < peers; i++) {
            if (!participation.isLive(i)) {
                continue;
            }
            matrix.add(i, share[i]);
            for (int hop : hops) {
                int sender = Math.floorMod(i - hop, peers);
                if (sends[sender]) {
                    matrix.add(sender, share[sender]);
                }
            }
            matrix.row(i);
        }
        return matrix.build();
    }


    /** {@code type: push-sum}, sending to {@code out-degree} peers a round. */
    public static final class Type implements ProtocolType<ProtocolSpec.PushSum> {
        private static final Key<Integer> OUT_DEGREE = Key.integer("out-degree", 1, "peers each peer sends to in a round "
                + "(at most the log2 N distinct hops)").orElse("1");

        @Override
        public String name() {
            return "push-sum";
        }

        @Override
        public String meaning() {
            return "SGP on the time-varying exponential graph (hops 1, 2, 4, ...), push-sum weights, de-biased estimates";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of(OUT_DEGREE);
        }

        @Override
        public Class<ProtocolSpec.PushSum> spec() {
            return ProtocolSpec.PushSum.class;
        }

        @Override
        public ProtocolSpec.PushSum read(ProtocolEntry entry) {
            int outDegree = entry.get(OUT_DEGREE);
            int peers = entry.scenario().peers();
            int hops = ProtocolSpec.PushSum.hops(peers);
            if (outDegree > hops) {
                throw entry.error(OUT_DEGREE, outDegree + " is more than the " + hops + " distinct hops 1, 2, 4, ... of the "
                        + "exponential graph on " + peers + " peers (line " + entry.peersLine() + "); allowed: 1 to " + hops);
            }
            return new ProtocolSpec.PushSum(entry.label(), outDegree);
        }

        @Override
        public Protocol start(ProtocolSpec.PushSum spec, int peers, long seed) {
            return new PushSum(peers, spec.outDegree());
        }
    }
}
