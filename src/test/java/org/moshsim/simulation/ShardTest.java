package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.moshsim.BadInput;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.protocol.Protocols;

class ShardTest {
    /** Every run in exactly one shard, each shard in canonical order, the same split every time. */
    @Test
    void shardsPartitionTheRunsDeterministically() {
        Experiment e = ExperimentReader.read(Path.of("experiments/averaging/paper-table.yaml"), 3, Protocols.catalogue());
        List<ExperimentRunner.Run> runs = ExperimentRunner.runs(e);
        for (int n : new int[] {1, 2, 3, 4, 7, 1000}) {
            Set<Integer> seen = new HashSet<>();
            for (int k = 1; k <= n; k++) {
                List<ExperimentRunner.Run> share = new Shard(k, n).select(runs);
                assertEquals(share, new Shard(k, n).select(ExperimentRunner.runs(e)).stream().map(r -> runs.get(r.index())).toList());
                for (int i = 1; i < share.size(); i++) {
                    assertTrue(share.get(i - 1).index() < share.get(i).index());
                }
                share.forEach(r -> assertTrue(seen.add(r.index()), "run " + r.index() + " in two shards"));
            }
            assertEquals(runs.size(), seen.size(), n + " shards");
        }
    }

    /** Runs cost peers x dim x rounds; a sweep over swarm sizes still splits into shards of about equal cost. */
    @Test
    void shardsAreBalancedByCost() {
        Experiment e = ExperimentReader.read(Path.of("experiments/averaging/paper-table.yaml"), 10, Protocols.catalogue());
        List<ExperimentRunner.Run> runs = ExperimentRunner.runs(e);
        double total = runs.stream().mapToDouble(ExperimentRunner.Run::cost).sum();
        List<Double> costs = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            costs.add(new Shard(k, 4).select(runs).stream().mapToDouble(ExperimentRunner.Run::cost).sum());
        }
        double largestRun = runs.stream().mapToDouble(ExperimentRunner.Run::cost).max().orElseThrow();
        for (double c : costs) {
            assertTrue(Math.abs(c - total / 4) <= largestRun, costs + " against a quarter of " + total);
        }
        // Hundreds of runs of a few sizes: LPT evens the shards out to within a percent.
        assertTrue(costs.stream().mapToDouble(Double::doubleValue).max().orElseThrow() < 1.01 * total / 4, costs.toString());
    }

    @Test
    void shardTextIsKOfN() {
        assertEquals(new Shard(2, 4), Shard.parse("--shard", "2/4"));
        for (String bad : List.of("0/4", "5/4", "4", "a/b", "-1/2", "1/0", "99999999999/2")) {
            assertThrows(BadInput.class, () -> Shard.parse("--shard", bad), bad);
        }
    }
}
