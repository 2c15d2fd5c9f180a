package org.moshsim.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads one protocol entry, checked against the scenario of its point. */
final class ProtocolReader {
    private static final Pattern AUTO = Pattern.compile("auto");
    private static final List<String> TYPES = List.of("all-reduce", "gossip", "push-sum", "random-groups", "moshpit", "ad-psgd");

    private ProtocolReader() {
    }

    static ProtocolSpec read(Section entry, Scenario scenario, int peersLine, String labelSuffix) {
        ProtocolSpec averaging = readAveraging(entry, scenario, peersLine, labelSuffix);
        if (scenario.training() == null) {
            return averaging;
        }
        if (averaging.async() && scenario.training().dropsCompute()) {
            throw entry.error("type", "DropCompute (training: drop-compute) cuts synchronous steps short for stragglers; an "
                    + "asynchronous protocol never waits for them: use a synchronous protocol or remove drop-compute");
        }
        int localSteps = entry.integer("local-steps", 1, scenario.training().localSteps(), true);
        boolean overlap = entry.choice("overlap", List.of("true", "false"), "false", true).equals("true");
        return new ProtocolSpec.Trained(averaging, localSteps, overlap);
    }

    private static ProtocolSpec readAveraging(Section entry, Scenario scenario, int peersLine, String labelSuffix) {
        String type = entry.choice("type", TYPES, null, false);
        String label = entry.text("label", Section.NON_BLANK, "a label without leading or trailing blanks", type) + labelSuffix;
        int peers = scenario.peers();
        switch (type) {
            case "all-reduce":
                return new ProtocolSpec.AllReduce(label);
            case "gossip": {
                int neighbors = entry.integer("neighbors", 1, 1, true);
                if (2L * neighbors >= peers) {
                    throw entry.error("neighbors", neighbors + " on each side needs more than " + 2 * neighbors
                            + " peers on the ring, but peers is " + peers + " (line " + peersLine + ")");
                }
                return new ProtocolSpec.Gossip(label, neighbors);
            }
            case "push-sum": {
                int outDegree = entry.integer("out-degree", 1, 1, true);
                int hops = ProtocolSpec.PushSum.hops(peers);
                if (outDegree > hops) {
                    throw entry.error("out-degree", outDegree + " is more than the " + hops + " distinct hops 1, 2, 4, ... of the "
                            + "exponential graph on " + peers + " peers (line " + peersLine + "); allowed: 1 to " + hops);
                }
                return new ProtocolSpec.PushSum(label, outDegree);
            }
            case "random-groups": {
                int groupSize = entry.integer("group-size", 2, null, true);
                if (groupSize > peers) {
                    throw entry.error("group-size", groupSize + " is more than peers " + peers + " (line " + peersLine
                            + "); allowed: 2 to " + peers);
                }
                return new ProtocolSpec.RandomGroups(label, groupSize, readMode(entry, scenario));
            }
            case "ad-psgd":
                requireHorizon(entry, "type", scenario);
                return new ProtocolSpec.Pairwise(label);
            default: {
                String variant = entry.choice("variant", List.of("grid", "keys"), "grid", true);
                List<Integer> grid;
                if (entry.isText("grid", "auto")) {
                    entry.text("grid", AUTO, "auto", null);
                    grid = autoGrid(peers, entry.integer("group-size", 2, 32, true));
                } else {
                    grid = entry.integers("grid", 2, true, "a list of grid sides >= 2, e.g. [32, 32], or auto");
                }
                boolean async = readMode(entry, scenario);
                ProtocolSpec.Moshpit spec = new ProtocolSpec.Moshpit(label,
                        variant.equals("keys") ? ProtocolSpec.Variant.KEYS : ProtocolSpec.Variant.GRID, grid, async);
                if (async && spec.variant() == ProtocolSpec.Variant.GRID) {
                    throw entry.error("mode", "async needs variant keys: the fixed grid's rounds are global");
                }
                if (async && grid.stream().distinct().count() > 1) {
                    throw entry.error("grid", "asynchronous keys need equal sides (chunk indices of one range), e.g. [32, 32]");
                }
                String shape = grid.stream().map(String::valueOf).reduce((a, b) -> a + "x" + b).orElse("");
                if (spec.cells() > Integer.MAX_VALUE) {
                    throw entry.error("grid", shape + " has " + spec.cells() + " cells; at most " + Integer.MAX_VALUE + " are allowed");
                }
                if (spec.variant() == ProtocolSpec.Variant.GRID && spec.cells() < peers) {
                    throw entry.error("grid", shape + " has " + spec.cells() + " cells but peers is " + peers + " (line " + peersLine
                            + "); variant grid needs a distinct cell for every peer (variant keys allows crowding)");
                }
                return spec;
            }
        }
    }

    /** {@code mode: sync} (global rounds, the default) or {@code async} (peers at their own pace, to the horizon). */
    private static boolean readMode(Section entry, Scenario scenario) {
        boolean async = entry.choice("mode", List.of("sync", "async"), "sync", false).equals("async");
        if (async) {
            requireHorizon(entry, "mode", scenario);
            if (scenario.network().matchmaking() <= 0) {
                throw entry.error("mode", "async groups meet in a matchmaking window; set one, e.g. network: {matchmaking: 0.5s}");
            }
        }
        return async;
    }

    private static void requireHorizon(Section entry, String key, Scenario scenario) {
        if (Double.isInfinite(scenario.timing().horizon())) {
            throw entry.error(key, "an asynchronous protocol runs until the horizon; set one, e.g. timing: {horizon: 60s}");
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
}
