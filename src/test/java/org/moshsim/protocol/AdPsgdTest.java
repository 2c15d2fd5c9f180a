package org.moshsim.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.moshsim.plan.GroupAveraging;

/** AD-PSGD's partner choice and its links' queue. */
class AdPsgdTest {
    /** Partners are uniform over the other peers: every other peer about equally often, never the peer itself. */
    @Test
    void aPartnerIsARandomOtherPeer() {
        int n = 10;
        AdPsgd protocol = new AdPsgd(n, 3);
        int[] picked = new int[n];
        int draws = 20_000;
        for (int attempt = 0; attempt < draws; attempt++) {
            GroupAveraging pair = protocol.pair(4, attempt, peer -> true);
            assertEquals(GroupAveraging.Collective.PAIRWISE, pair.collective());
            assertEquals(4, pair.members()[0]);
            picked[pair.members()[1]]++;
        }
        assertEquals(0, picked[4]);
        double expected = draws / (n - 1.0);
        for (int peer = 0; peer < n; peer++) {
            if (peer != 4) {
                // Binomial(20000, 1/9): sd about 44; 5 sd either side.
                assertEquals(expected, picked[peer], 5 * Math.sqrt(expected * (1 - 1.0 / (n - 1))), "peer " + peer);
            }
        }
        assertArrayEquals(protocol.pair(4, 17, peer -> true).members(), new AdPsgd(n, 3).pair(4, 17, peer -> true).members(),
                "the same seed, attempt and peer draw the same partner");
    }

    /** Only online peers are partners; after eight draws of offline peers the peer moves on alone. */
    @Test
    void offlinePeersAreSkippedAndNobodyOnlineMeansNoPair() {
        AdPsgd protocol = new AdPsgd(100, 1);
        for (int attempt = 0; attempt < 200; attempt++) {
            GroupAveraging pair = protocol.pair(0, attempt, peer -> peer % 2 == 1);
            if (pair != null) {
                assertEquals(1, pair.members()[1] % 2);
            }
            assertNull(protocol.pair(0, attempt, peer -> false));
        }
        int alone = 0;
        for (int attempt = 0; attempt < 2000; attempt++) {
            alone += protocol.pair(0, attempt, peer -> peer == 99) == null ? 1 : 0;
        }
        // One online peer among 99: each of the eight draws misses it with probability 98/99.
        double p = Math.pow(98.0 / 99, AdPsgd.PARTNER_TRIES);
        assertEquals(2000 * p, alone, 5 * Math.sqrt(2000 * p * (1 - p)));
    }

    /** A link carries one exchange at a time: a second exchange with the same partner waits for the first. */
    @Test
    void exchangesQueueOnABusyLink() {
        AdPsgd protocol = new AdPsgd(4, 1);
        GroupAveraging first = new GroupAveraging(new int[] {0, 2}, new int[] {0, 2}, GroupAveraging.Collective.PAIRWISE, null);
        GroupAveraging second = new GroupAveraging(new int[] {0, 2}, new int[] {1, 2}, GroupAveraging.Collective.PAIRWISE, null);
        GroupAveraging apart = new GroupAveraging(new int[] {0, 2}, new int[] {1, 3}, GroupAveraging.Collective.PAIRWISE, null);
        assertEquals(1.0, protocol.start(first, 1.0));
        protocol.occupy(first, 4.0);
        assertEquals(4.0, protocol.start(second, 2.0), "peer 2's link is busy until 4 s");
        assertEquals(2.0, protocol.start(apart, 2.0));
        assertEquals(5.0, protocol.start(second, 5.0));
        assertNotEquals(protocol.start(second, 2.0), protocol.start(apart, 2.0));
        assertTrue(protocol.start(first, 0) >= 4.0);
    }
}
