package org.moshsim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moshsim.compress.Compression;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.config.Dist;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.SwarmSpec;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.LossyRound;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.swarm.Peers;

/**
 * Each gradient collective's seconds and bytes against its closed form, for n equal peers of bandwidth b and latency l
 * and a modelled payload of S = 4P bytes (P = 25.6M parameters, ResNet-50).
 */
class GradientPricingTest {
    private static final double B = 10e9 / 8;
    private static final double L = 0.0005;
    private static final double S = 102.4e6;
    private static final double P = S / 4;
    private static final int N = 32;

    private static NetworkModel model(double matchmaking) {
        SwarmSpec swarm = new SwarmSpec(List.of(new SwarmSpec.Profile("p", 1, new Dist.Constant(B), new Dist.Constant(B),
                new Dist.Constant(L), new Dist.Constant(1))));
        return new NetworkModel(Peers.draw(swarm, N, 1), new NetworkSpec(S, new Dist.Constant(0), matchmaking, 7));
    }

    private static GradientExchange everyone(GradientExchange.Collective collective, Compression compression, LossyRound loss) {
        int[] members = new int[N];
        Arrays.setAll(members, i -> i);
        return new GradientExchange(new int[] {0, N}, members, collective, null, compression, loss, 0.1, null, 1, 0);
    }

    /** Prices the exchange of all N peers: returns {seconds, bytes the busiest peer sent}. */
    private static double[] price(GradientExchange plan, double matchmaking) {
        Traffic traffic = new Traffic(N);
        double end = model(matchmaking).price(plan, new double[N], new double[1], traffic);
        return new double[] {end, traffic.busiest()};
    }

    private static void assertPrice(double seconds, double bytes, double[] actual, String what) {
        assertEquals(seconds, actual[0], 1e-9 * seconds, what + ": seconds");
        assertEquals(bytes, actual[1], 1e-6 * bytes, what + ": bytes");
    }

    private static Compression sparsifier(Compression.Sparsified.Kind kind) {
        return new Compression.Sparsified(kind, 0.01, 0, 4, Compression.Feedback.EF21M, 0.1);
    }

    @Test
    void ringAllReduceOfGradientsIsTheRingOfModels() {
        double bytes = 2.0 * (N - 1) / N * S;
        double seconds = 2 * (N - 1) * (S / (N * B) + L);
        assertPrice(seconds, bytes, price(everyone(GradientExchange.Collective.RING, Compression.EXACT, null), 0), "ring");
        // The same plan as model averaging prices it.
        int[] members = new int[N];
        Arrays.setAll(members, i -> i);
        Traffic traffic = new Traffic(N);
        double averaging = model(0).price(new GroupAveraging(new int[] {0, N}, members, GroupAveraging.Collective.RING, null),
                new double[N], new double[1], traffic);
        assertEquals(averaging, seconds, 1e-9 * seconds);
        // A codec moves its bytes of the modelled vector: float16, 2 bytes a value.
        assertPrice(2 * (N - 1) * (S / 2 / (N * B) + L), bytes / 2,
                price(everyone(GradientExchange.Collective.RING, new Compression.Coded(new Float16()), null), 0), "float16 codec");
    }

    /** Top-K goes by ring all-gather: N - 1 steps of k values and k int32 indices, growing with N. */
    @Test
    void topKIsAnAllGather() {
        double k = Math.round(0.01 * P);
        assertPrice((N - 1) * (8 * k / B + L), (N - 1) * 8 * k,
                price(everyone(GradientExchange.Collective.RING, sparsifier(Compression.Sparsified.Kind.TOP_K), null), 0), "top-k");
    }

    /** Rand-K's shared indices make it an all-reduce of 4k bytes; ARC-Top-K adds the all-reduce of its sketch. */
    @Test
    void randKAndArcTopKAreAllReduces() {
        double k = Math.round(0.01 * P);
        assertPrice(2 * (N - 1) * (4 * k / (N * B) + L), 2.0 * (N - 1) / N * 4 * k,
                price(everyone(GradientExchange.Collective.RING, sparsifier(Compression.Sparsified.Kind.RAND_K), null), 0), "rand-k");
        double sketch = 4 * Math.ceil(Math.sqrt(P)) * 4;
        assertPrice(2 * (N - 1) * (sketch / (N * B) + L) + 2 * (N - 1) * (4 * k / (N * B) + L),
                2.0 * (N - 1) / N * (sketch + 4 * k),
                price(everyone(GradientExchange.Collective.RING, sparsifier(Compression.Sparsified.Kind.ARC_TOP_K), null), 0),
                "arc-top-k");
    }

    /**
     * The two-step all-reduce: two all-to-alls, each N - 1 messages of a quantised shard of P / N values per peer, one
     * after another on its link (2(N - 1) latencies, as many as the ring's, where the old study counted 2).
     */
    @Test
    void twoStepAllReduceIsTwoAllToAlls() {
        GroupQuantizer int4 = new GroupQuantizer(4, 128);
        double shard = int4.bytes((int) Math.round(P / N));
        assertPrice(2 * (N - 1) * (shard / B + L), 2 * (N - 1) * shard,
                price(everyone(GradientExchange.Collective.RING, new Compression.TwoStep(int4), null), 0), "two-step int4");
        assertPrice(2 * (N - 1) * (2 * P / N / B + L), 2 * (N - 1) * 2 * P / N,
                price(everyone(GradientExchange.Collective.RING, new Compression.Float16Ring(), null), 0), "float16 ring");
    }

    /** A butterfly group pays matchmaking and hivemind's load-balanced all-reduce, as model averaging does. */
    @Test
    void butterflyGroupsPayMatchmaking() {
        double matchmaking = 0.5 + NetworkModel.lookupHops(N) * 2 * L;
        double seconds = matchmaking + (2.0 * N - 2) / N * S / B + 2 * L;
        assertPrice(seconds, (2.0 * N - 2) / N * S, price(everyone(GradientExchange.Collective.BUTTERFLY, Compression.EXACT, null),
                0.5), "butterfly");
    }

    /**
     * A parameter server's link carries N payloads each way: N S / B_server + latency, twice; with a codec the pushes
     * shrink and the broadcast stays float32. Retransmission multiplies the bytes by 1 / (1 - p) and pays a latency per pass.
     */
    @Test
    void parameterServerCarriesEveryPayloadEachWay() {
        double serverBandwidth = 100e9 / 8;
        GradientExchange.Collective server = new GradientExchange.Collective.ParameterServer(serverBandwidth, 0.001);
        assertPrice(2 * (N * S / serverBandwidth + 0.001), S, price(everyone(server, Compression.EXACT, null), 0), "server");
        double int8 = new GroupQuantizer(8, 128).bytes((int) P);
        assertPrice(N * int8 / serverBandwidth + 0.001 + N * S / serverBandwidth + 0.001, int8,
                price(everyone(server, new Compression.Coded(new GroupQuantizer(8, 128)), null), 0), "server, int8 pushes");
        LossyLinks links = new LossyLinks(new BernoulliLoss(0.2), 1400, new LossyAggregation.Retransmission());
        double passes = model(0).passes(links, S);
        assertPrice(2 * (N * S / 0.8 / serverBandwidth + 0.001 * passes), S / 0.8,
                price(everyone(server, Compression.EXACT, links.at(1, 0)), 0), "server, retransmission");
    }
}
