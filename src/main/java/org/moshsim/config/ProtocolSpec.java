package org.moshsim.config;

import java.util.List;
import org.moshsim.compress.Compression;

/**
 * A protocol as configured: what a {@link ProtocolDefinition} reads from a config entry, and what
 * {@code org.moshsim.protocol.Protocols} starts a run of. The built-in protocols' specs are the records here; a plug-in
 * protocol declares its own (protocols are an open family). A spec is a value: equal specs run the same protocol.
 */
public interface ProtocolSpec {
    /** The name in outputs: the config's label, else the type, plus any swept parameters. */
    String label();

    /** Whether peers proceed at their own pace (event-driven) rather than in global rounds. */
    default boolean async() {
        return false;
    }

    /**
     * Whether every plan of the protocol is a {@link org.moshsim.plan.GroupAveraging} of disjoint groups, so that its groups
     * can exchange gradients instead of averaging models ({@code exchange: gradients}).
     */
    default boolean formsGroups() {
        return false;
    }

    /** Whether the protocol's peers exchange gradients (and need a backend that can). */
    default boolean exchangesGradients() {
        return this instanceof Trained trained && (trained.exchange() == Exchange.GRADIENTS || trained.averaging().exchangesGradients());
    }

    /** All peers get the global mean in a round where nobody failed; otherwise nothing changes. */
    record AllReduce(String label) implements ProtocolSpec {
        @Override
        public boolean formsGroups() {
            return true;
        }
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
        /** Random groups in synchronous rounds. */
        public RandomGroups(String label, int groupSize) {
            this(label, groupSize, false);
        }

        @Override
        public boolean formsGroups() {
            return true;
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
        /** Keeps a copy of the grid's sides. */
        public Moshpit {
            grid = List.copyOf(grid);
        }

        /** Moshpit in synchronous rounds. */
        public Moshpit(String label, Variant variant, List<Integer> grid) {
            this(label, variant, grid, false);
        }

        @Override
        public boolean formsGroups() {
            return true;
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
     * Synchronous SGD through a parameter server outside the peers (training only; it exchanges gradients): every live
     * peer pushes its gradient, the server steps and broadcasts its parameters. Its link: {@code bandwidth} bytes per
     * second both ways, {@code latency} seconds.
     */
    record ParameterServer(String label, double bandwidth, double latency) implements ProtocolSpec {
        @Override
        public boolean exchangesGradients() {
            return true;
        }
    }

    /**
     * A protocol for peers that train: {@code localSteps} SGD steps (or, exchanging gradients, accumulated batches)
     * between exchanges; with {@code overlap} the peers keep computing while their averaging is under way. The groups of
     * {@code averaging} exchange {@code exchange}: their models (averaged) or their gradients (aggregated, then applied
     * by every member), through {@code compression} (null: the scenario's).
     */
    record Trained(ProtocolSpec averaging, int localSteps, boolean overlap, Exchange exchange, Compression compression)
            implements ProtocolSpec {
        /** Averaging models, through the scenario's compression. */
        public Trained(ProtocolSpec averaging, int localSteps, boolean overlap) {
            this(averaging, localSteps, overlap, Exchange.MODELS, null);
        }

        @Override
        public String label() {
            return averaging.label();
        }

        @Override
        public boolean async() {
            return averaging.async();
        }
    }

    /** What a training protocol's groups exchange. */
    enum Exchange {
        /** Models, averaged after the members' local steps (Moshpit SGD, local SGD). */
        MODELS,
        /** Gradients, aggregated (compressed, over lossy links) and applied by every member: synchronous data-parallel SGD. */
        GRADIENTS
    }

    /** How Moshpit's peers find their groups. */
    enum Variant {
        /** Peers sit on fixed distinct cells; round t averages along axis t mod d. */
        GRID,
        /** hivemind's group keys: chunk indices drawn anew inside every group that assembles. */
        KEYS
    }
}
