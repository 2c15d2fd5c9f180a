package org.moshsim.swarm;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.config.Dist;
import org.moshsim.config.SwarmSpec;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Every peer's links and speed. Profiles get their shares of the peers (largest remainders, then a seeded
 * shuffle decides which peers); each peer then draws its own values from its profile, from the stream
 * (seed, PEER_PROPERTIES, peer), so a peer's values do not depend on the swarm's size.
 */
public final class Peers {
    private final double[] upload;
    private final double[] download;
    private final double[] latency;
    private final double[] speed;
    private final int[] profile;
    private final String[] profileNames;

    private Peers(int n, String[] profileNames) {
        this.upload = new double[n];
        this.download = new double[n];
        this.latency = new double[n];
        this.speed = new double[n];
        this.profile = new int[n];
        this.profileNames = profileNames;
    }

    public static Peers draw(SwarmSpec spec, int n, long seed) {
        int profiles = spec.profiles().size();
        Peers peers = new Peers(n, spec.profiles().stream().map(SwarmSpec.Profile::name).toArray(String[]::new));
        int[] counts = apportion(spec, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        UniformRandomProvider shuffle = RandomStreams.stream(seed, Purpose.PROFILES, 0, 0);
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        for (int p = 0, next = 0; p < profiles; p++) {
            for (int c = 0; c < counts[p]; c++) {
                peers.profile[order[next++]] = p;
            }
        }
        for (int i = 0; i < n; i++) {
            SwarmSpec.Profile p = spec.profiles().get(peers.profile[i]);
            // Constants draw nothing: no stream needed.
            UniformRandomProvider rng = constant(p) ? null : RandomStreams.stream(seed, Purpose.PEER_PROPERTIES, i, 0);
            peers.upload[i] = Sampling.draw(p.upload(), rng);
            peers.download[i] = Sampling.draw(p.download(), rng);
            peers.latency[i] = Sampling.draw(p.latency(), rng);
            peers.speed[i] = Sampling.draw(p.speed(), rng);
        }
        return peers;
    }

    private static boolean constant(SwarmSpec.Profile p) {
        return p.upload() instanceof Dist.Constant && p.download() instanceof Dist.Constant && p.latency() instanceof Dist.Constant
                && p.speed() instanceof Dist.Constant;
    }

    /** Peers per profile: each share's floor, the rest to the largest remainders (ties to the earlier profile). */
    static int[] apportion(SwarmSpec spec, int n) {
        int profiles = spec.profiles().size();
        int[] counts = new int[profiles];
        double[] remainders = new double[profiles];
        int given = 0;
        for (int p = 0; p < profiles; p++) {
            double exact = spec.profiles().get(p).share() * n;
            counts[p] = (int) Math.floor(exact);
            remainders[p] = exact - counts[p];
            given += counts[p];
        }
        for (; given < n; given++) {
            int best = 0;
            for (int p = 1; p < profiles; p++) {
                if (remainders[p] > remainders[best]) {
                    best = p;
                }
            }
            counts[best]++;
            remainders[best] = -1;
        }
        return counts;
    }

    public int size() {
        return upload.length;
    }

    /** Bytes per second the peer can send. */
    public double upload(int peer) {
        return upload[peer];
    }

    /** Bytes per second the peer can receive. */
    public double download(int peer) {
        return download[peer];
    }

    /** The slower of the peer's two directions: what a symmetric exchange runs at. */
    public double bandwidth(int peer) {
        return Math.min(upload[peer], download[peer]);
    }

    /** Seconds a message takes to leave or reach the peer. */
    public double latency(int peer) {
        return latency[peer];
    }

    public double speed(int peer) {
        return speed[peer];
    }

    public String profile(int peer) {
        return profileNames[profile[peer]];
    }
}
