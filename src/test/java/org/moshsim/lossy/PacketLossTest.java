package org.moshsim.lossy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class PacketLossTest {
    /** Empirical loss fraction over independent links, with 4 standard errors from the spread across links. */
    private static void assertLossRate(PacketLoss loss, int links, int packets) {
        double sum = 0;
        double squares = 0;
        for (int l = 0; l < links; l++) {
            int lost = 0;
            for (boolean b : loss.lost(99, l, l % 7, l / 7, packets)) {
                lost += b ? 1 : 0;
            }
            double fraction = (double) lost / packets;
            sum += fraction;
            squares += fraction * fraction;
        }
        double mean = sum / links;
        double standardError = Math.sqrt((squares / links - mean * mean) / links);
        assertEquals(loss.lossRate(), mean, 4 * standardError, loss.toString());
    }

    @Test
    void bernoulliLossRateIsP() {
        assertLossRate(new BernoulliLoss(0.1), 2000, 200);
    }

    /** pi_bad = g / (g + b); loss = pi_good h_good + pi_bad h_bad. */
    @Test
    void gilbertElliottLossRateMatchesTheStationaryFormula() {
        GilbertElliottLoss loss = new GilbertElliottLoss(0.02, 0.2, 0.01, 0.7);
        assertEquals(0.02 / 0.22, loss.badStateProbability(), 1e-15);
        assertEquals(0.2 / 0.22 * 0.01 + 0.02 / 0.22 * 0.7, loss.lossRate(), 1e-15);
        assertLossRate(loss, 4000, 300);
    }

    /** Links start in the stationary law, so even a link's first packet is lost at the stationary rate. */
    @Test
    void gilbertElliottLinksStartInTheStationaryLaw() {
        GilbertElliottLoss loss = new GilbertElliottLoss(0.02, 0.2, 0.01, 0.7);
        int links = 20_000;
        int lost = 0;
        for (int l = 0; l < links; l++) {
            lost += loss.link(3, l, 1, 0).nextLost() ? 1 : 0;
        }
        double rate = loss.lossRate();
        assertEquals(rate, (double) lost / links, 4 * Math.sqrt(rate * (1 - rate) / links));
    }

    /** In the Gilbert channel a loss burst is a bad spell, geometric with mean 1 / badToGood packets. */
    @Test
    void gilbertBurstsLastOneOverBadToGoodPackets() {
        GilbertElliottLoss loss = GilbertElliottLoss.gilbert(0.05, 0.25);
        long bursts = 0;
        double sum = 0;
        double squares = 0;
        for (int l = 0; l < 500; l++) {
            boolean[] lost = loss.lost(5, l, 0, 0, 2000);
            int run = 0;
            for (int k = 0; k < lost.length; k++) {
                if (lost[k]) {
                    run++;
                } else if (run > 0 && k - run > 0) { // a burst seen whole: not cut by the link's start
                    bursts++;
                    sum += run;
                    squares += (double) run * run;
                    run = 0;
                } else {
                    run = 0;
                }
            }
        }
        double mean = sum / bursts;
        double standardError = Math.sqrt((squares / bursts - mean * mean) / bursts);
        assertEquals(1 / 0.25, mean, 4 * standardError);
    }

    @Test
    void eachLinkAndRoundHasItsOwnReproducibleStream() {
        PacketLoss loss = new BernoulliLoss(0.5);
        boolean[] a = loss.lost(1, 2, 3, 4, 64);
        assertArrayEquals(a, loss.lost(1, 2, 3, 4, 64));
        assertFalse(java.util.Arrays.equals(a, loss.lost(1, 2, 3, 5, 64)));
        assertFalse(java.util.Arrays.equals(a, loss.lost(1, 3, 2, 4, 64)));
        assertFalse(java.util.Arrays.equals(a, loss.lost(2, 2, 3, 4, 64)));
    }

    @Test
    void layoutCutsFloat32PayloadsIntoPackets() {
        PacketLayout layout = PacketLayout.ofPayloadBytes(1400);
        assertEquals(350, layout.valuesPerPacket());
        assertEquals(3, layout.packets(701));
        assertEquals(700, layout.start(2));
        assertEquals(701, layout.end(2, 701));
    }
}
