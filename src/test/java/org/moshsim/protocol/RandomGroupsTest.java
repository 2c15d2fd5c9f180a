package org.moshsim.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.plan.GroupAveraging;

class RandomGroupsTest {
    /**
     * One round of r random groups of fixed sizes contracts the mse by (r - 1) / (N - 1) in expectation, for any
     * sizes (Moshpit SGD, Sect. 3.1). Checked to within 4 standard errors over 3000 runs: groups of the wrong
     * count (say 7 instead of 8 for N = 70, M = 8, off by 14%) miss it by more than 10 standard errors.
     */
    @ParameterizedTest(name = "N={0}, M={1}")
    @CsvSource({"64, 8", "70, 8", "100, 32", "40, 2"})
    void oneRoundContractsByRMinusOneOverNMinusOne(int peers, int groupSize) {
        int runs = 3000;
        double[] ratios = new double[runs];
        for (int seed = 0; seed < runs; seed++) {
            double[] mse = Runs.mse(new ProtocolSpec.RandomGroups("rg", groupSize), peers, 1, 0, seed);
            ratios[seed] = mse[1] / mse[0];
        }
        double mean = Arrays.stream(ratios).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(ratios).map(r -> (r - mean) * (r - mean)).sum() / (runs - 1));
        int groups = peers / groupSize;
        double expected = (groups - 1.0) / (peers - 1.0);
        assertEquals(expected, mean, 4 * sd / Math.sqrt(runs), "mean contraction over " + runs + " runs");
    }

    @Test
    void leftoversAreSpreadRoundRobin() {
        RandomGroups protocol = new RandomGroups(70, 8, 1);
        GroupAveraging plan = (GroupAveraging) protocol.plan(0, Participation.everyone(70));
        assertEquals(8, plan.groupCount());
        int[] sizes = new int[plan.groupCount()];
        for (int g = 0; g < sizes.length; g++) {
            sizes[g] = plan.size(g);
        }
        assertEquals("[9, 9, 9, 9, 9, 9, 8, 8]", Arrays.toString(sizes));
        assertEquals(70, Arrays.stream(plan.members()).distinct().count());
    }

    @Test
    void fewerLivePeersThanAGroupFormOneGroup() {
        boolean[] live = new boolean[40];
        for (int i = 0; i < 5; i++) {
            live[i * 3] = true;
        }
        GroupAveraging plan = (GroupAveraging) new RandomGroups(40, 8, 1)
                .plan(0, new Participation(live, org.moshsim.config.FailureSemantics.EXCLUDE));
        assertEquals(1, plan.groupCount());
        assertEquals(5, plan.size(0));
        for (int peer : plan.members()) {
            assertTrue(live[peer]);
        }
    }
}
