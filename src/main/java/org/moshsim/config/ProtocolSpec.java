package org.moshsim.config;

import java.util.List;

/** A protocol as configured; {@code org.moshsim.protocol} turns it into a running protocol. */
public sealed interface ProtocolSpec {
    /** The name in outputs: the config's label, else the type, plus any swept parameters. */
    String label();

    /** Whether peers proceed at their own pace (event-driven) rather than in global rounds. */
    default boolean async() {
        return false;
    }

    /** All peers get the global mean in a round where nobody failed; otherwise nothing changes. */
    record AllReduce(String label) implements ProtocolSpec {
    }

    /** Ring gossip with {@code neighbors} neighbours on each side. */
    record Gossip(String label, int neighbors) implements ProtocolSpec {
    }

    /** Push-sum (SGP) on a time-varying directed exponential graph; each peer sends to {@code outDegree} peers. */
    record PushSum(String label, int outDegree) implements ProtocolSpec {
        /** The number of distinct hops 1, 2, 4, ... below N in the exponential graph of N peers. */
        public static int hops(int peers) {
            return 32 - Integer.numberOfLeadingZeros(peers - 1);
        }
    }

    /**
     * Live peers shuffled into groups of {@code groupSize}, leftovers spread round-robin; asynchronously, the
     * peers ready within a matchmaking window.
     */
    record RandomGroups(String label, int groupSize, boolean async) implements ProtocolSpec {
        public RandomGroups(String label, int groupSize) {
            this(label, groupSize, false);
        }
    }

    /** AD-PSGD's pairwise averaging (Lian et al., 2018): asynchronous; a ready peer averages with a random peer. */
    record Pairwise(String label) implements ProtocolSpec {
        @Override
        public boolean async() {
            return true;
        }
    }

    /**
     * Moshpit All-Reduce on a virtual grid with the given side lengths; asynchronously, groups form among the
     * peers with equal keys that are ready within a matchmaking window.
     */
    record Moshpit(String label, Variant variant, List<Integer> grid, boolean async) implements ProtocolSpec {
        public Moshpit {
            grid = List.copyOf(grid);
        }

        public Moshpit(String label, Variant variant, List<Integer> grid) {
            this(label, variant, grid, false);
        }

        /** The number of grid cells, the product of the sides. */
        public long cells() {
            long cells = 1;
            for (int side : grid) {
                cells *= side;
            }
            return cells;
        }
    }

    /**
     * A protocol averaging the models of peers that train: {@code localSteps} SGD steps between averagings, and
     * with {@code overlap} the peers keep computing while their averaging is under way.
     */
    record Trained(ProtocolSpec averaging, int localSteps, boolean overlap) implements ProtocolSpec {
        @Override
        public String label() {
            return averaging.label();
        }

        @Override
        public boolean async() {
            return averaging.async();
        }
    }

    enum Variant {
        /** Peers sit on fixed distinct cells; round t averages along axis t mod d. */
        GRID,
        /** hivemind's group keys: chunk indices drawn anew inside every group that assembles. */
        KEYS
    }
}
