package org.moshsim.swarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BernoulliDropoutTest {
    /** Both the gap sampler (small p) and the per-peer sampler fail each peer with probability p, independently. */
    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.01, 0.05, 0.2, 0.5})
    void failsEachPeerWithProbabilityP(double p) {
        int peers = 1000;
        int rounds = 2000;
        BernoulliDropout dropout = new BernoulliDropout(p, 42);
        boolean[] live = new boolean[peers];
        long failures = 0;
        long bothFailed = 0;
        long[] perPeer = new long[peers];
        for (int round = 0; round < rounds; round++) {
            dropout.sample(round, live);
            for (int i = 0; i < peers; i++) {
                if (!live[i]) {
                    failures++;
                    perPeer[i]++;
                    bothFailed += i > 0 && !live[i - 1] ? 1 : 0;
                }
            }
        }
        double trials = (double) peers * rounds;
        assertEquals(p, failures / trials, 5 * Math.sqrt(p * (1 - p) / trials));
        // Neighbours fail together with probability p^2: no correlation along the peer index.
        assertEquals(p * p, bothFailed / trials, 5 * Math.sqrt(p * p / trials) + 1e-6);
        // The first and the last peer fail as often as the rest (no edge effects in the gap sampler).
        double perPeerSd = Math.sqrt(rounds * p * (1 - p));
        assertEquals(rounds * p, perPeer[0], 5 * perPeerSd + 1);
        assertEquals(rounds * p, perPeer[peers - 1], 5 * perPeerSd + 1);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1})
    void noneOrAllFail(double p) {
        boolean[] live = new boolean[50];
        new BernoulliDropout(p, 1).sample(3, live);
        for (boolean alive : live) {
            assertTrue(alive == (p == 0));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.3})
    void theSameSeedAndRoundGiveTheSameFailures(double p) {
        boolean[] a = new boolean[500];
        boolean[] b = new boolean[500];
        new BernoulliDropout(p, 7).sample(11, a);
        new BernoulliDropout(p, 7).sample(11, b);
        assertArrayEquals(a, b);
        new BernoulliDropout(p, 7).sample(12, b);
        assertFalse(java.util.Arrays.equals(a, b));
    }
}
