package org.moshsim.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.ProtocolSpec.Variant;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

class MoshpitAllReduceTest {
    /** Moshpit SGD, Sect. 3.1: with N = M^d and no failures every peer holds the exact average after d rounds. */
    @Property(tries = 60)
    void exactAverageAfterDRounds(@ForAll @IntRange(min = 2, max = 9) int side, @ForAll @IntRange(min = 2, max = 3) int d,
                                  @ForAll boolean keys, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        Integer[] grid = new Integer[d];
        java.util.Arrays.fill(grid, side);
        int peers = (int) Math.pow(side, d);
        double[] mse = Runs.mse(Runs.moshpit(keys ? Variant.KEYS : Variant.GRID, grid), peers, d + 1, 0, seed);
        for (int round = 0; round < d; round++) {
            assertTrue(mse[round] > 1e-6 * mse[0], "round " + round + " should not be exact yet: " + mse[round]);
        }
        // Exact up to float32 storage: each value carries a relative rounding error of about 6e-8.
        assertTrue(mse[d] < 1e-13 * mse[0], "after " + d + " rounds: " + mse[d]);
        assertTrue(mse[d + 1] < 1e-13 * mse[0]);
    }

    @Test
    void gridRoundsAverageAlongOneAxisAtATime() {
        MoshpitAllReduce moshpit = new MoshpitAllReduce(16, Variant.GRID, List.of(4, 4), 3);
        int[] cells = moshpit.cells();
        for (int round = 0; round < 4; round++) {
            int axis = round % 2;
            GroupAveraging plan = (GroupAveraging) moshpit.plan(round, Participation.everyone(16));
            assertEquals(4, plan.groupCount());
            for (int g = 0; g < plan.groupCount(); g++) {
                Set<Integer> along = new HashSet<>();
                for (int peer : plan.group(g)) {
                    int other = axis == 0 ? cells[peer] / 4 : cells[peer] % 4;
                    assertEquals(axis == 0 ? cells[plan.group(g)[0]] / 4 : cells[plan.group(g)[0]] % 4, other);
                    along.add(axis == 0 ? cells[peer] % 4 : cells[peer] / 4);
                }
                assertEquals(4, along.size(), "members differ on the averaged axis");
            }
        }
        assertArrayEquals(cells, moshpit.cells(), "grid cells never move");
    }

    @Test
    void peersSitOnDistinctRandomCells() {
        int[] cells = MoshpitAllReduce.place(500, 1024, RandomStreams.stream(1, Purpose.PLACEMENT, 0, 0));
        assertEquals(500, java.util.Arrays.stream(cells).distinct().count());
        assertTrue(java.util.Arrays.stream(cells).allMatch(c -> c >= 0 && c < 1024));
        int[] crowded = MoshpitAllReduce.place(40, 16, RandomStreams.stream(1, Purpose.PLACEMENT, 0, 0));
        int[] perCell = new int[16];
        for (int c : crowded) {
            perCell[c]++;
        }
        assertTrue(java.util.Arrays.stream(perCell).allMatch(n -> n == 2 || n == 3), "crowded cells fill evenly");
    }

    /** hivemind's keys: groups of at most M, then distinct new chunk indices inside every group. */
    @Property(tries = 30)
    void keysGroupsHoldAtMostMAndDrawDistinctIndices(@ForAll @IntRange(min = 20, max = 300) int peers,
                                                     @ForAll @IntRange(min = 0, max = 100) int seed) {
        MoshpitAllReduce moshpit = new MoshpitAllReduce(peers, Variant.KEYS, List.of(4, 4), seed);
        boolean[] live = new boolean[peers];
        for (int round = 0; round < 6; round++) {
            int axis = round % 2;
            for (int i = 0; i < peers; i++) {
                live[i] = (i * 7 + round) % 5 != 0;
            }
            int[] before = moshpit.cells();
            GroupAveraging plan = (GroupAveraging) moshpit.plan(round, new Participation(live, FailureSemantics.EXCLUDE));
            int[] after = moshpit.cells();
            Set<Integer> grouped = new HashSet<>();
            assertEquals(null, plan.failed(), "exclude semantics: no group fails");
            for (int g = 0; g < plan.groupCount(); g++) {
                int[] members = plan.group(g);
                assertTrue(members.length >= 2 && members.length <= 4);
                Set<Integer> indices = new HashSet<>();
                for (int peer : members) {
                    assertTrue(live[peer]);
                    assertTrue(grouped.add(peer), "groups are disjoint");
                    int key = axis == 0 ? before[peer] / 4 : before[peer] % 4;
                    assertEquals(axis == 0 ? before[members[0]] / 4 : before[members[0]] % 4, key, "one key per group");
                    indices.add(axis == 0 ? after[peer] % 4 : after[peer] / 4);
                    assertEquals(key, axis == 0 ? after[peer] / 4 : after[peer] % 4, "only the averaged axis changes");
                }
                assertEquals(members.length, indices.size(), "distinct chunk indices inside a group");
            }
            for (int i = 0; i < peers; i++) {
                if (!live[i]) {
                    assertEquals(before[i], after[i], "a failed peer keeps its key");
                }
            }
        }
    }

    @Test
    void voidSkipsGroupsWithAFailedMember() {
        MoshpitAllReduce moshpit = new MoshpitAllReduce(16, Variant.GRID, List.of(4, 4), 5);
        boolean[] live = new boolean[16];
        java.util.Arrays.fill(live, true);
        live[3] = false;
        GroupAveraging excluded = (GroupAveraging) moshpit.plan(0, new Participation(live, FailureSemantics.EXCLUDE));
        assertEquals(4, excluded.groupCount());
        assertEquals(15, excluded.members().length);
        GroupAveraging voided = (GroupAveraging) new MoshpitAllReduce(16, Variant.GRID, List.of(4, 4), 5)
                .plan(0, new Participation(live, FailureSemantics.VOID));
        assertEquals(4, voided.groupCount(), "the group of the failed peer assembled");
        int failedGroups = 0;
        for (int g = 0; g < voided.groupCount(); g++) {
            boolean hasFailedPeer = java.util.Arrays.stream(voided.group(g)).anyMatch(peer -> peer == 3);
            assertEquals(hasFailedPeer, voided.failed(g));
            failedGroups += voided.failed(g) ? 1 : 0;
        }
        assertEquals(1, failedGroups);
        assertEquals(12, voided.completedOnly().members().length);
    }

    /** With failures the error still falls exponentially (Moshpit SGD, Thm. 3.2); a voided round just repeats. */
    @Test
    void convergesUnderFailures() {
        for (Variant variant : Variant.values()) {
            double[] mse = Runs.mse(Runs.moshpit(variant, 32, 32), 1024, 12, 0.01, 4);
            assertTrue(mse[12] < 1e-9, variant + ": " + mse[12]);
        }
    }

    @Test
    void autoGridsFitThePeers() {
        assertEquals(List.of(32, 32), MoshpitAllReduce.autoGrid(1024, 32));
        assertEquals(List.of(26, 26, 26), MoshpitAllReduce.autoGrid(16384, 32));
        assertEquals(List.of(16, 16), MoshpitAllReduce.autoGrid(256, 32));
        assertEquals(List.of(16, 16, 16), MoshpitAllReduce.autoGrid(4096, 32));
    }
}
