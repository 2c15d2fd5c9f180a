package org.moshsim.backend.cuda;

import java.util.stream.IntStream;
import org.moshsim.BadInput;
import org.moshsim.lossy.LinkLosses;
import org.moshsim.lossy.LossyRound;
import org.moshsim.lossy.PacketLoss;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.SparseMixing;

/**
 * Which packets a lossy plan's links lose, decided on the host by the same {@link LinkLosses} streams the CPU backend
 * reads (so the GPU sees the CPU's bits, Gilbert-Elliott's Markov chain included), packed for the lossy kernels: one bit
 * per (link, packet), set where the packet is lost, each link starting on a fresh 32-bit word (so links are packed in
 * parallel without sharing a word). Bit p of link L is bit (p & 31) of {@code words[L * wordsPerLink + (p >> 5)]}.
 *
 * <p>Links: for a {@link SparseMixing}, entry k of the CSR (source {@code sources[k]} to peer {@code rows[r]});
 * for a {@link GroupAveraging}, receiver slot i and sender slot k of group g (both counted from the group's first
 * member, n its size) are link {@code groupBase[g] + i n + k}, groupBase[g] being the sum of the earlier groups' n^2.
 * A gradient exchange's groups are laid out as a group plan's; a parameter server's links are its members' pushes, then
 * its broadcasts ({@link #ofServer}). A peer's own row (i == k, or a mixing row's own peer) is local: its bits stay clear
 * and are never read.
 *
 * <p>Cost: every link's stream is read for every packet, O(links x packets) Philox words on the host (as on the CPU
 * backend) and links x ceil(packets / 32) words uploaded.
 *
 * @param words        the packed decisions
 * @param wordsPerLink ceil(packets / 32)
 * @param groupBase    per group, its first link (group plans; null for mixing and a server)
 */
record LostPackets(int[] words, int wordsPerLink, long[] groupBase) {
    /** The decisions of a group plan's links; a failed group sends nothing, and its bits stay clear and unread. */
    static LostPackets of(GroupAveraging plan, int packets) {
        return of(plan.offsets(), plan.members(), plan.failed(), plan.loss(), packets);
    }

    /**
     * The decisions of the links within groups in CSR form ({@code members[offsets[g]] .. members[offsets[g + 1] - 1]}),
     * laid out as a group plan's; {@code failed} marks the groups that send nothing (null: none).
     */
    static LostPackets of(int[] offsets, int[] members, boolean[] failed, LossyRound loss, int packets) {
        int groups = offsets.length - 1;
        int wordsPerLink = wordsPerLink(packets);
        long[] groupBase = new long[groups + 1];
        for (int g = 0; g < groups; g++) {
            long n = offsets[g + 1] - offsets[g];
            groupBase[g + 1] = groupBase[g] + n * n;
        }
        int[] words = new int[size(groupBase[groups], wordsPerLink)];
        int[] groupOf = new int[members.length];
        for (int g = 0; g < groups; g++) {
            for (int k = offsets[g]; k < offsets[g + 1]; k++) {
                groupOf[k] = g;
            }
        }
        // One task per receiving slot: it writes only its own links' words.
        IntStream.range(0, members.length).parallel().forEach(slot -> {
            int g = groupOf[slot];
            if (failed != null && failed[g]) {
                return;
            }
            int first = offsets[g];
            long n = offsets[g + 1] - first;
            int receiver = members[slot];
            for (int k = first; k < offsets[g + 1]; k++) {
                int sender = members[k];
                if (sender != receiver) {
                    long link = groupBase[g] + (slot - first) * n + (k - first);
                    pack(loss.link(sender, receiver), packets, words, link * wordsPerLink);
                }
            }
        });
        return new LostPackets(words, wordsPerLink, groupBase);
    }

    /**
     * The decisions of a parameter server's links in one round: member k's push to the server ({@link PacketLoss#EXTERNAL})
     * is link k, the server's broadcast to member k is link n + k.
     */
    static LostPackets ofServer(int[] members, LossyRound loss, int packets) {
        int n = members.length;
        int wordsPerLink = wordsPerLink(packets);
        int[] words = new int[size(2L * n, wordsPerLink)];
        IntStream.range(0, n).parallel().forEach(k -> {
            pack(loss.link(members[k], PacketLoss.EXTERNAL), packets, words, (long) k * wordsPerLink);
            pack(loss.link(PacketLoss.EXTERNAL, members[k]), packets, words, (long) (n + k) * wordsPerLink);
        });
        return new LostPackets(words, wordsPerLink, null);
    }

    /** The decisions of a mixing plan's links: link k is CSR entry k. */
    static LostPackets of(SparseMixing plan, int packets) {
        LossyRound loss = plan.loss();
        int[] rows = plan.rows();
        int[] offsets = plan.offsets();
        int[] sources = plan.sources();
        int wordsPerLink = wordsPerLink(packets);
        int[] words = new int[size(sources.length, wordsPerLink)];
        IntStream.range(0, rows.length).parallel().forEach(r -> {
            for (int k = offsets[r]; k < offsets[r + 1]; k++) {
                if (sources[k] != rows[r]) {
                    pack(loss.link(sources[k], rows[r]), packets, words, (long) k * wordsPerLink);
                }
            }
        });
        return new LostPackets(words, wordsPerLink, null);
    }

    /** Whether packet p of link L is lost (tests; the kernels read the words the same way). */
    boolean lost(long link, int packet) {
        return (words[Math.toIntExact(link * wordsPerLink + (packet >> 5))] >>> (packet & 31) & 1) != 0;
    }

    /** Reads packets 0 .. packets - 1 of one link's stream in order, as the CPU backend does. */
    private static void pack(LinkLosses link, int packets, int[] words, long at) {
        for (int p = 0; p < packets; p++) {
            if (link.nextLost()) {
                words[(int) (at + (p >> 5))] |= 1 << (p & 31);
            }
        }
    }

    private static int wordsPerLink(int packets) {
        return (packets + 31) >>> 5;
    }

    private static int size(long links, int wordsPerLink) {
        long words = links * wordsPerLink;
        if (words > Integer.MAX_VALUE - 8) {
            throw new BadInput(String.format("packet loss on the cuda backend: %d links x %d words of packet fates do not fit "
                    + "one array; lower dim, peers or the group size, or use larger packets (packet-loss: packet)", links, wordsPerLink));
        }
        return (int) words;
    }
}
