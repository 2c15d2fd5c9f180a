package org.moshsim.swarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.moshsim.config.AvailabilitySpec;
import org.moshsim.config.Dist;
import org.moshsim.config.SwarmSpec;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

class SwarmTest {
    /** The long-run fraction of time online is E[session] / (E[session] + E[downtime]), for any session law. */
    @ParameterizedTest
    @ValueSource(strings = {"exponential", "weibull"})
    void churnKeepsTheLongRunOnlineFraction(String law) {
        Dist session = law.equals("exponential") ? new Dist.Exponential(600) : new Dist.Weibull(0.6, 400);
        Dist downtime = law.equals("exponential") ? new Dist.Exponential(200) : new Dist.Weibull(1.5, 250);
        AvailabilitySpec.Churn churn = new AvailabilitySpec.Churn(session, downtime, true);
        int peers = 2000;
        Availability availability = Availability.of(churn, peers, 11);
        long online = 0;
        long samples = 0;
        for (double t = 0; t <= 50_000; t += 100) {
            availability.advanceTo(t);
            for (int i = 0; i < peers; i++) {
                online += availability.online(i) ? 1 : 0;
                assertTrue(availability.nextChange(i) > t);
            }
            samples += peers;
        }
        double expected = churn.onlineFraction();
        // Samples of one peer 100 s apart are correlated; 0.01 is still more than 5 standard errors of the mean.
        assertEquals(expected, (double) online / samples, 0.01, law + ": expected " + expected);
    }

    @Test
    void aFreshSwarmStartsOnline() {
        Availability availability = Availability.of(new AvailabilitySpec.Churn(new Dist.Exponential(60), new Dist.Exponential(600)), 500, 2);
        availability.advanceTo(0);
        for (int i = 0; i < 500; i++) {
            assertTrue(availability.online(i));
        }
    }

    @Test
    void tracesAreFollowed() {
        AvailabilitySpec.Trace trace = new AvailabilitySpec.Trace("t.csv", List.of(new double[] {10, 20, 30, 40}, new double[] {0, 5}));
        Availability availability = Availability.of(trace, 3, 1);
        availability.advanceTo(0);
        assertFalse(availability.online(0));
        assertEquals(10, availability.nextChange(0));
        assertTrue(availability.online(1));
        assertFalse(availability.online(2), "peer 2 follows trace peer 0");
        availability.advanceTo(15);
        assertTrue(availability.online(0));
        assertEquals(20, availability.nextChange(0));
        availability.advanceTo(40);
        assertFalse(availability.online(0));
        assertEquals(Double.POSITIVE_INFINITY, availability.nextChange(0));
        assertFalse(availability.online(1));
    }

    @Test
    void profilesGetTheirSharesAndPeersDrawTheirOwnValues() {
        SwarmSpec swarm = new SwarmSpec(List.of(
                new SwarmSpec.Profile("dc", 0.3, new Dist.Constant(1e9), new Dist.Constant(1e9), new Dist.Constant(0.001), new Dist.Constant(1)),
                new SwarmSpec.Profile("home", 0.7, new Dist.Uniform(1e6, 2e6), new Dist.Constant(5e6),
                        new Dist.Exponential(0.02), new Dist.Constant(0.5))));
        Peers peers = Peers.draw(swarm, 1001, 4);
        int dc = 0;
        for (int i = 0; i < 1001; i++) {
            if (peers.profile(i).equals("dc")) {
                dc++;
                assertEquals(1e9, peers.upload(i));
            } else {
                assertTrue(peers.upload(i) >= 1e6 && peers.upload(i) < 2e6);
                assertEquals(1e6 <= peers.bandwidth(i) && peers.bandwidth(i) < 2e6, true);
                assertEquals(0.5, peers.speed(i));
            }
        }
        assertEquals(300, dc, "0.3 x 1001 = 300.3: floor, the remainder goes to the larger fraction");
        Peers again = Peers.draw(swarm, 1001, 4);
        for (int i = 0; i < 1001; i++) {
            assertEquals(peers.latency(i), again.latency(i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void drawsHaveTheirDistributionsMeans(int which) {
        Dist dist = new Dist[] {new Dist.Uniform(2, 6), new Dist.Exponential(0.1), new Dist.LogNormal(1, 0.5),
            new Dist.Weibull(0.7, 3)}[which];
        UniformRandomProvider rng = RandomStreams.stream(5, Purpose.DELAYS, 0, 0);
        int n = 400_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Sampling.draw(dist, rng);
        }
        assertEquals(dist.mean(), sum / n, 0.01 * dist.mean(), dist.toString());
    }

    @Test
    void noFailuresMeansEveryoneLive() {
        boolean[] live = new boolean[10];
        new BernoulliDropout(0, 1).sample(0, live);
        boolean[] all = new boolean[10];
        java.util.Arrays.fill(all, true);
        assertArrayEquals(all, live);
    }
}
