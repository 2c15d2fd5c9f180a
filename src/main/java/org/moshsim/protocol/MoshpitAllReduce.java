package org.moshsim.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.ProtocolSpec.Variant;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Moshpit All-Reduce (Ryabinin et al., 2021, Alg. 1) on a virtual M_1 x ... x M_d grid. Each peer holds a
 * cell, one chunk index per axis. Round t averages along axis a = t mod d: peers whose cells agree on every
 * other axis, i.e. on their d - 1 most recent chunk indices (the group key), form a group.
 *
 * <ul>
 *   <li>{@code grid}: peers sit on distinct random cells for the whole run.</li>
 *   <li>{@code keys} (hivemind): peers with equal keys form groups of at most M_a (a crowded key is split in
 *   random order); every group that assembles then draws, from a seed its members share, a distinct random
 *   chunk index in [0, M_a) for each member, which becomes the member's index on axis a: the newest entry of
 *   its key. Groups voided by a failure keep their indices.</li>
 * </ul>
 * A group with a member that failed mid-round (semantics {@code void}) is planned as failed.
 *
 * <p>Asynchronously (keys only: the fixed grid needs global rounds) a peer's key is a queue of its d - 1 newest
 * chunk indices, as in hivemind, starting with its cell's coordinates on axes 1 .. d-1. A ready peer joins the
 * bucket of its key; the peers that meet in one window form groups of at most M, and each member, once its
 * group completes, drops its oldest index and appends the one its group drew. In step, this is the
 * synchronous protocol; out of step, peers of different rounds may meet, as they do in hivemind.
 * With N = M^d peers and no failures both give every peer the exact average after d rounds.
 */
final class MoshpitAllReduce implements Protocol, Matchmaking {
    private final Variant variant;
    private final int[] sides;
    private final int[] strides;
    private final int cells;
    private final long seed;
    private final int[] cell;
    private final int[] members;
    private final int[] chunkIndices;
    /** Asynchronous keys: each peer's group key, its d - 1 newest chunk indices in base M, the oldest lowest. */
    private final long[] queue;
    /** M^(d - 2): the weight of the newest index in a key. */
    private final long newest;
    private int[] bucketStart = new int[0];
    private long[] sortKeys = new long[0];

    MoshpitAllReduce(int peers, Variant variant, List<Integer> grid, long seed) {
        this.variant = variant;
        this.sides = grid.stream().mapToInt(Integer::intValue).toArray();
        this.strides = new int[sides.length];
        long product = 1;
        for (int a = 0; a < sides.length; a++) {
            strides[a] = (int) product;
            product *= sides[a];
        }
        this.cells = (int) product;
        this.seed = seed;
        this.cell = place(peers, cells, RandomStreams.stream(seed, Purpose.PLACEMENT, 0, 0));
        this.members = new int[peers];
        this.queue = new long[peers];
        long weight = 1;
        for (int a = 1; a < sides.length; a++) {
            for (int i = 0; i < peers; i++) {
                queue[i] += (long) ((cell[i] / strides[a]) % sides[a]) * weight;
            }
            weight *= sides[0];
        }
        this.newest = weight / sides[0];
        this.chunkIndices = new int[Arrays.stream(sides).max().orElse(1)];
    }

    /** Peers fill distinct random cells; beyond one peer per cell (keys only) they fill them again in the same order. */
    static int[] place(int peers, int cells, UniformRandomProvider rng) {
        int[] cell = new int[peers];
        Map<Integer, Integer> swapped = new HashMap<>();
        int distinct = Math.min(peers, cells);
        for (int i = 0; i < distinct; i++) {
            // Sparse Fisher-Yates over [0, cells): position j holds swapped.get(j), else j.
            int j = i + rng.nextInt(cells - i);
            int atJ = swapped.getOrDefault(j, j);
            swapped.put(j, swapped.getOrDefault(i, i));
            cell[i] = atJ;
        }
        for (int i = distinct; i < peers; i++) {
            cell[i] = cell[i - distinct];
        }
        return cell;
    }

    /** The cell each peer holds now (a copy). */
    int[] cells() {
        return cell.clone();
    }

    @Override
    public Plan plan(int round, Participation participation) {
        int axis = round % sides.length;
        int side = sides[axis];
        int stride = strides[axis];
        int joined = groupByKey(axis, participation);
        GroupAveraging.Builder plan = new GroupAveraging.Builder(joined);
        UniformRandomProvider shared = null;
        int previousKey = -1;
        for (int start = 0, end; start < joined; start = end) {
            int key = key(cell[members[start]], axis);
            end = start + 1;
            while (end < joined && key(cell[members[end]], axis) == key) {
                end++;
            }
            if (variant == Variant.KEYS && end - start > side) {
                RandomGroups.shuffle(members, start, end, RandomStreams.stream(seed, Purpose.GROUPS, round, key));
            }
            for (int from = start; from < end; from += side) {
                int to = Math.min(end, from + side);
                for (int k = from; k < to; k++) {
                    plan.add(members[k]);
                }
                if (!participation.completes(members, from, to)) {
                    plan.fail();
                    continue;
                }
                plan.close();
                if (variant == Variant.KEYS) {
                    if (key != previousKey) {
                        shared = RandomStreams.stream(seed, Purpose.CHUNK_INDICES, round, key);
                        previousKey = key;
                    }
                    drawChunkIndices(side, to - from, shared);
                    for (int k = from; k < to; k++) {
                        int peer = members[k];
                        int old = (cell[peer] / stride) % side;
                        cell[peer] += (chunkIndices[k - from] - old) * stride;
                    }
                }
            }
        }
        return plan.build();
    }

    @Override
    public long bucket(int peer) {
        return queue[peer];
    }

    @Override
    public int capacity(long bucket) {
        return sides[0];
    }

    @Override
    public void formGroups(int[] peers, int count, int window, GroupAveraging.Builder groups) {
        int side = sides[0];
        if (count > side) {
            RandomGroups.shuffle(peers, 0, count, RandomStreams.stream(seed, Purpose.GROUPS, window, 1));
        }
        for (int from = 0; from < count; from += side) {
            int to = Math.min(count, from + side);
            for (int k = from; k < to; k++) {
                groups.add(peers[k]);
            }
            groups.close();
        }
    }

    @Override
    public void advance(int[] members, int from, int to, int window, int group) {
        // The group's shared seed gives its members distinct new chunk indices, each the newest entry of its key.
        int side = sides[0];
        drawChunkIndices(side, to - from, RandomStreams.stream(seed, Purpose.CHUNK_INDICES, window, 1 + group));
        for (int k = from; k < to; k++) {
            queue[members[k]] = queue[members[k]] / side + chunkIndices[k - from] * newest;
        }
    }

    /** The group key on {@code axis}: the cell with that axis' coordinate removed, in [0, cells / side). */
    private int key(int c, int axis) {
        int stride = strides[axis];
        return (c / (stride * sides[axis])) * stride + c % stride;
    }

    /** Puts the peers in matchmaking into {@link #members}, sorted by key and then by peer; returns how many. */
    private int groupByKey(int axis, Participation participation) {
        int keys = cells / sides[axis];
        int peers = cell.length;
        int joined = 0;
        if (keys <= 4L * peers) {
            // Counting sort over the key space, stable in peer order.
            if (bucketStart.length < keys + 1) {
                bucketStart = new int[keys + 1];
            }
            Arrays.fill(bucketStart, 0, keys + 1, 0);
            for (int i = 0; i < peers; i++) {
                if (participation.joins(i)) {
                    bucketStart[key(cell[i], axis) + 1]++;
                    joined++;
                }
            }
            for (int k = 0; k < keys; k++) {
                bucketStart[k + 1] += bucketStart[k];
            }
            for (int i = 0; i < peers; i++) {
                if (participation.joins(i)) {
                    members[bucketStart[key(cell[i], axis)]++] = i;
                }
            }
        } else {
            // A sparse grid: sort (key, peer) pairs instead of scanning every key.
            if (sortKeys.length < peers) {
                sortKeys = new long[peers];
            }
            for (int i = 0; i < peers; i++) {
                if (participation.joins(i)) {
                    sortKeys[joined++] = ((long) key(cell[i], axis) << 31) | i;
                }
            }
            Arrays.sort(sortKeys, 0, joined);
            for (int k = 0; k < joined; k++) {
                members[k] = (int) (sortKeys[k] & Integer.MAX_VALUE);
            }
        }
        return joined;
    }

    /** The first {@code count} entries of a random permutation of [0, side) into {@link #chunkIndices}. */
    private void drawChunkIndices(int side, int count, UniformRandomProvider rng) {
        for (int i = 0; i < side; i++) {
            chunkIndices[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(side - i);
            int swap = chunkIndices[i];
            chunkIndices[i] = chunkIndices[j];
            chunkIndices[j] = swap;
        }
    }

    /**
     * A grid for N peers in groups of about M: d = ceil(log N / log M) axes of equal side ceil(N^(1/d)), the
     * smallest such that the grid has a cell for every peer.
     */
    static List<Integer> autoGrid(int peers, int groupSize) {
        int d = Math.max(1, (int) Math.ceil(Math.log(peers) / Math.log(groupSize) - 1e-9));
        int side = Math.max(2, (int) Math.ceil(Math.pow(peers, 1.0 / d) - 1e-9));
        while (Math.pow(side, d) < peers) {
            side++;
        }
        List<Integer> grid = new ArrayList<>();
        for (int a = 0; a < d; a++) {
            grid.add(side);
        }
        return grid;
    }

    /** {@code type: moshpit}: its grid (or auto), variant and mode. */
    public static final class Type implements ProtocolType<ProtocolSpec.Moshpit> {
        private static final Key<String> VARIANT = Key.choice("variant", List.of("grid", "keys"), "grid: fixed distinct random "
                + "cells (needs cells >= peers); keys: hivemind's group keys, at most M per group, new chunk indices drawn inside "
                + "each group").orElse("grid");
        private static final Key<List<Integer>> GRID = Key.integers("grid", 2, "auto", "a list of grid sides >= 2, e.g. [32, 32], "
                + "or auto", "the virtual grid's sides M1 .. Md; round t averages along axis t mod d; auto: the smallest grid of "
                + "equal sides for groups of group-size");
        private static final Key<Integer> GROUP_SIZE = Key.integer("group-size", 2, "the group size auto aims at").orElse("32")
                .when("grid: auto");

        @Override
        public String name() {
            return "moshpit";
        }

        @Override
        public String meaning() {
            return "Moshpit All-Reduce: peers whose cells agree on every axis but t mod d average in round t";
        }

        @Override
        public List<Key<?>> keys() {
            return List.of(VARIANT, GRID, GROUP_SIZE, MODE);
        }

        @Override
        public Class<ProtocolSpec.Moshpit> spec() {
            return ProtocolSpec.Moshpit.class;
        }

        @Override
        public ProtocolSpec.Moshpit read(ProtocolEntry entry) {
            int peers = entry.scenario().peers();
            Variant variant = entry.get(VARIANT).equals("keys") ? Variant.KEYS : Variant.GRID;
            List<Integer> grid = entry.get(GRID);
            if (grid.isEmpty()) {
                grid = autoGrid(peers, entry.get(GROUP_SIZE));
            }
            boolean async = Matchmaking.async(entry);
            ProtocolSpec.Moshpit spec = new ProtocolSpec.Moshpit(entry.label(), variant, grid, async);
            if (async && variant == Variant.GRID) {
                throw entry.error(MODE, "async needs variant keys: the fixed grid's rounds are global");
            }
            if (async && grid.stream().distinct().count() > 1) {
                throw entry.error(GRID, "asynchronous keys need equal sides (chunk indices of one range), e.g. [32, 32]");
            }
            String shape = grid.stream().map(String::valueOf).reduce((a, b) -> a + "x" + b).orElse("");
            if (spec.cells() > Integer.MAX_VALUE) {
                throw entry.error(GRID, shape + " has " + spec.cells() + " cells; at most " + Integer.MAX_VALUE + " are allowed");
            }
            if (variant == Variant.GRID && spec.cells() < peers) {
                throw entry.error(GRID, shape + " has " + spec.cells() + " cells but peers is " + peers + " (line "
                        + entry.peersLine() + "); variant grid needs a distinct cell for every peer (variant keys allows crowding)");
            }
            return spec;
        }

        @Override
        public Protocol start(ProtocolSpec.Moshpit spec, int peers, long seed) {
            return new MoshpitAllReduce(peers, spec.variant(), spec.grid(), seed);
        }
    }
}
