package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.GilbertElliottLoss;
import org.moshsim.lossy.LinkLosses;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.LossyRound;
import org.moshsim.lossy.PacketLoss;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;

/** The host's packing of lost packets for the lossy kernels: every link's bits are its stream's fates, in order. */
class LostPacketsTest {
    private static LossyRound round(String loss) {
        PacketLoss process = loss.equals("gilbert") ? GilbertElliottLoss.gilbert(0.2, 0.3) : new BernoulliLoss(0.3);
        return new LossyLinks(process, 40, new LossyAggregation.ReceivedOnly()).at(11, 3);
    }

    @ParameterizedTest(name = "{0}, {1} packets")
    @CsvSource({"bernoulli, 1", "bernoulli, 31", "bernoulli, 32", "gilbert, 33", "gilbert, 70"})
    void groupLinksHoldTheirStreamsFates(String loss, int packets) {
        // Groups of 3, 1, 4 peers; the failed group sends nothing, so its links' bits stay clear.
        GroupAveraging plan = new GroupAveraging(new int[] {0, 3, 4, 8}, new int[] {5, 2, 9, 7, 0, 1, 3, 8},
                GroupAveraging.Collective.BUTTERFLY, new boolean[] {true, false, false}).withLoss(round(loss));
        LostPackets fates = LostPackets.of(plan, packets);
        assertEquals((packets + 31) / 32, fates.wordsPerLink());
        assertEquals(9 + 1 + 16, fates.groupBase()[3]);
        assertEquals((9 + 1 + 16) * fates.wordsPerLink(), fates.words().length);
        int lost = 0;
        for (int g = 0; g < plan.groupCount(); g++) {
            int first = plan.offsets()[g];
            int n = plan.size(g);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    long link = fates.groupBase()[g] + (long) i * n + k;
                    int receiver = plan.members()[first + i];
                    int sender = plan.members()[first + k];
                    LinkLosses expected = i == k || plan.failed(g) ? null : plan.loss().link(sender, receiver);
                    for (int p = 0; p < fates.wordsPerLink() * 32; p++) {
                        boolean want = expected != null && p < packets && expected.nextLost();
                        assertEquals(want, fates.lost(link, p), "group " + g + " link " + sender + " -> " + receiver + " packet " + p);
                        lost += want ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(lost > 0, "some packets are lost");
    }

    @ParameterizedTest(name = "{0}, {1} packets")
    @CsvSource({"bernoulli, 1", "gilbert, 32", "gilbert, 65"})
    void mixingEntriesHoldTheirStreamsFates(String loss, int packets) {
        SparseMixing plan = new SparseMixing.Builder(3, 7).add(4, 0.5).add(1, 0.25).add(6, 0.25).row(4)
                .add(4, 0.5).add(1, 0.5).row(1).add(6, 0.5).add(2, 0.5).row(6).build().withLoss(round(loss));
        LostPackets fates = LostPackets.of(plan, packets);
        assertEquals(plan.sources().length * fates.wordsPerLink(), fates.words().length);
        int lost = 0;
        for (int r = 0; r < plan.rows().length; r++) {
            for (int k = plan.offsets()[r]; k < plan.offsets()[r + 1]; k++) {
                int receiver = plan.rows()[r];
                LinkLosses expected = plan.sources()[k] == receiver ? null : plan.loss().link(plan.sources()[k], receiver);
                for (int p = 0; p < fates.wordsPerLink() * 32; p++) {
                    boolean want = expected != null && p < packets && expected.nextLost();
                    assertEquals(want, fates.lost(k, p), "entry " + k + " packet " + p);
                    lost += want ? 1 : 0;
                }
            }
        }
        assertTrue(lost > 0, "some packets are lost");
        LostPackets none = LostPackets.of(plan.withLoss(new LossyLinks(BernoulliLoss.NONE, 40,
                new LossyAggregation.ZeroFill()).at(11, 3)), packets);
        for (int word : none.words()) {
            assertFalse(word != 0, "no loss, no bits");
        }
    }

    /**
     * A parameter server's links: member k's push (member to the server, as LossyAggregation reads it) is link k, the
     * server's broadcast to member k (as ParameterBroadcast reads it) is link n + k.
     */
    @ParameterizedTest(name = "{0}, {1} packets")
    @CsvSource({"bernoulli, 1", "bernoulli, 33", "gilbert, 40"})
    void serverLinksHoldTheirStreamsFates(String loss, int packets) {
        int[] members = {6, 0, 3, 11, 2};
        LossyRound round = round(loss);
        LostPackets fates = LostPackets.ofServer(members, round, packets);
        assertEquals(2 * members.length * fates.wordsPerLink(), fates.words().length);
        PacketLoss process = round.links().loss();
        int lost = 0;
        for (int k = 0; k < members.length; k++) {
            LinkLosses push = process.link(round.seed(), members[k], PacketLoss.EXTERNAL, round.round());
            LinkLosses broadcast = process.link(round.seed(), PacketLoss.EXTERNAL, members[k], round.round());
            for (int p = 0; p < fates.wordsPerLink() * 32; p++) {
                boolean pushLost = p < packets && push.nextLost();
                boolean broadcastLost = p < packets && broadcast.nextLost();
                assertEquals(pushLost, fates.lost(k, p), "push of member " + members[k] + ", packet " + p);
                assertEquals(broadcastLost, fates.lost(members.length + k, p), "broadcast to member " + members[k] + ", packet " + p);
                lost += (pushLost ? 1 : 0) + (broadcastLost ? 1 : 0);
            }
        }
        assertTrue(lost > 0, "some packets are lost");
    }

    /** Groups in CSR form without failures (a gradient exchange's exchanging groups) are laid out as a group plan's. */
    @ParameterizedTest(name = "{0}, {1} packets")
    @CsvSource({"bernoulli, 7", "gilbert, 64"})
    void exchangingGroupsAreLaidOutAsAGroupPlan(String loss, int packets) {
        int[] offsets = {0, 2, 7};
        int[] members = {4, 1, 9, 0, 3, 8, 5};
        LossyRound round = round(loss);
        LostPackets groups = LostPackets.of(offsets, members, null, round, packets);
        LostPackets plan = LostPackets.of(new GroupAveraging(offsets, members, GroupAveraging.Collective.BUTTERFLY, null)
                .withLoss(round), packets);
        assertEquals(java.util.Arrays.toString(plan.groupBase()), java.util.Arrays.toString(groups.groupBase()));
        assertEquals(java.util.Arrays.toString(plan.words()), java.util.Arrays.toString(groups.words()));
        assertTrue(java.util.Arrays.stream(groups.words()).anyMatch(word -> word != 0), "some packets are lost");
    }
}
