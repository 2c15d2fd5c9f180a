package org.moshsim.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LocalStepsTest {
    /** Many peers with varying steps and batch sizes nest into one plan (the builder grows every array). */
    @Test
    void theBuilderNestsPeersStepsAndBatches() {
        LocalSteps.Builder builder = new LocalSteps.Builder(0.1);
        int[] batch = {7, 8, 9};
        for (int peer = 0; peer < 100; peer++) {
            for (int s = 0; s < peer % 3; s++) {
                builder.step(batch, 1 + s);
            }
            builder.peer(99 - peer);
        }
        LocalSteps plan = builder.build();
        assertArrayEquals(new int[] {99, 98, 97}, Arrays.copyOf(plan.peers(), 3));
        assertArrayEquals(new int[] {0, 0, 1, 3, 3, 4}, Arrays.copyOf(plan.stepOffsets(), 6));
        assertArrayEquals(new int[] {0, 1, 2, 4, 5}, Arrays.copyOf(plan.batchOffsets(), 5));
        assertArrayEquals(new int[] {7, 7, 7, 8, 7}, Arrays.copyOf(plan.examples(), 5));
    }
}
