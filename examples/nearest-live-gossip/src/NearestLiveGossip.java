import java.util.List;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.ProtocolType;

/**
 * Gossip with the nearest live neighbours: each live peer averages with the k nearest peers on each side of the ring that
 * take part this round, skipping the failed ones, where ring gossip ({@code type: gossip}) averages with the live peers
 * among its k ring positions and loses a neighbour to every failure. Without failures the two are the same protocol.
 * A config names it {@code type: nearest-live-gossip}; {@code moshsim run --with nearest-live-gossip.jar} finds it.
 */
public final class NearestLiveGossip implements ProtocolType<NearestLiveGossip.Spec> {
    private static final Key<Integer> NEIGHBOURS = Key.integer("neighbours", 1, "live peers on each side to average with")
            .orElse("1");

    /** The protocol as configured: its label in outputs and its k. */
    public record Spec(String label, int neighbours) implements ProtocolSpec {
    }

    @Override
    public String name() {
        return "nearest-live-gossip";
    }

    @Override
    public String meaning() {
        return "each live peer averages with the k nearest live peers on each side of the ring, skipping failed ones";
    }

    @Override
    public List<Key<?>> keys() {
        return List.of(NEIGHBOURS);
    }

    @Override
    public Class<Spec> spec() {
        return Spec.class;
    }

    @Override
    public Spec read(ProtocolEntry entry) {
        int k = entry.get(NEIGHBOURS);
        int peers = entry.scenario().peers();
        if (2L * k >= peers) {
            throw entry.error(NEIGHBOURS, k + " on each side needs more than " + 2 * k + " peers, but peers is " + peers
                    + " (line " + entry.peersLine() + ")");
        }
        return new Spec(entry.label(), k);
    }

    @Override
    public Protocol start(Spec spec, int peers, long seed) {
        int k = spec.neighbours();
        int[] group = new int[2 * k + 1];
        return (round, participation) -> plan(peers, k, participation, group);
    }

    /**
     * One round: a row of uniform weights per live peer over itself and its nearest live peers on each side, in ring order
     * (as ring gossip lists its neighbourhood, so that without failures both sum in the same order).
     */
    private static Plan plan(int peers, int k, Participation participation, int[] group) {
        SparseMixing.Builder matrix = new SparseMixing.Builder(peers, peers * group.length);
        for (int i = 0; i < peers; i++) {
            if (!participation.isLive(i)) {
                continue;
            }
            int left = nearest(i, -1, k, peers, participation, group, 0);
            for (int a = 0, b = left - 1; a < b; a++, b--) {
                int swap = group[a];
                group[a] = group[b];
                group[b] = swap;
            }
            group[left] = i;
            int size = nearest(i, 1, k, peers, participation, group, left + 1);
            if (size < 2 || !participation.completes(group, 0, size)) {
                continue;
            }
            for (int m = 0; m < size; m++) {
                matrix.add(group[m], 1.0 / size);
            }
            matrix.row(i);
        }
        return matrix.build();
    }

    /** Appends the (up to) k nearest peers in matchmaking on one side of i, nearest first, from {@code size}; the new size. */
    private static int nearest(int i, int side, int k, int peers, Participation participation, int[] group, int size) {
        int start = size;
        for (int step = 1; step < peers && size - start < k; step++) {
            int j = Math.floorMod(i + side * step, peers);
            if (participation.joins(j) && !contains(group, size, j)) {
                group[size++] = j;
            }
        }
        return size;
    }

    private static boolean contains(int[] group, int size, int peer) {
        for (int m = 0; m < size; m++) {
            if (group[m] == peer) {
                return true;
            }
        }
        return false;
    }
}
