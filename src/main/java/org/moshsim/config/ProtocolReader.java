package org.moshsim.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.moshsim.compress.Compression;

/** Reads one protocol entry, checked against the scenario of its point. */
final class ProtocolReader {
    private static final Pattern AUTO = Pattern.compile("auto");
    private static final List<String> TYPES = List.of("all-reduce", "gossip", "push-sum", "random-groups", "moshpit", "ad-psgd",
            "parameter-server");
    private static final List<String> EXCHANGES = List.of("models", "gradients");

    private ProtocolReader() {
    }

    /** Reads a protocol entry of the point read from {@code top} (whose lines errors about scenario keys name). */
    static ProtocolSpec read(Section entry, Scenario scenario, Section top, String labelSuffix) {
        ProtocolSpec averaging = readAveraging(entry, scenario, top.lineOf("peers"), labelSuffix);
        if (scenario.training() == null) {
            for (String key : List.of("exchange", "compression")) {
                if (entry.has(key)) {
                    throw entry.error(key, "only peers that train exchange " + (key.equals("exchange") ? "gradients" : "with a "
                            + "compression of their own") + "; add a training section, or set compression at the top for averaging");
                }
            }
            checkModelCompression(scenario.compression(), top, "compression", averaging.label());
            return averaging;
        }
        if (averaging.async() && scenario.training().dropsCompute()) {
            throw entry.error("type", "DropCompute (training: drop-compute) cuts synchronous steps short for stragglers; an "
                    + "asynchronous protocol never waits for them: use a synchronous protocol or remove drop-compute");
        }
        int localSteps = entry.integer("local-steps", 1, scenario.training().localSteps(), true);
        boolean overlap = entry.choice("overlap", List.of("true", "false"), "false", true).equals("true");
        boolean server = averaging instanceof ProtocolSpec.ParameterServer;
        ProtocolSpec.Exchange exchange = entry.choice("exchange", EXCHANGES, server ? "gradients" : "models", true)
                .equals("gradients") ? ProtocolSpec.Exchange.GRADIENTS : ProtocolSpec.Exchange.MODELS;
        Compression own = entry.has("compression") ? CompressionReader.read(entry) : null;
        entry.permit("compression");
        Compression compression = own != null ? own : scenario.compression();
        Section owner = own != null ? entry : top;
        if (exchange == ProtocolSpec.Exchange.MODELS) {
            if (server) {
                throw entry.error("exchange", "a parameter server aggregates gradients; remove exchange: models");
            }
            checkModelCompression(compression, owner, "compression", averaging.label());
        } else {
            checkGradientExchange(entry, averaging, overlap, compression, owner, scenario, top);
        }
        return new ProtocolSpec.Trained(averaging, localSteps, overlap, exchange, own);
    }

    /** Model averaging takes a codec only: sparsifiers need a common reference, collectives a sum of gradients. */
    private static void checkModelCompression(Compression compression, Section owner, String key, String label) {
        if (compression.codec() == null && compression != Compression.EXACT) {
            throw owner.error(key, CompressionReader.describe(compression) + " applies to gradient exchange only (averaged "
                    + "models have no common reference to sparsify against); " + label + " exchanges models: set exchange: "
                    + "gradients on it (training runs), or use a codec such as float16 or int8");
        }
    }

    /** What gradient exchange needs: a synchronous group protocol, no overlap, and compressions its links can carry. */
    private static void checkGradientExchange(Section entry, ProtocolSpec averaging, boolean overlap, Compression compression,
                                              Section owner, Scenario scenario, Section top) {
        if (averaging.async()) {
            throw entry.error("exchange", "gradient exchange runs in synchronous rounds; use mode: sync or exchange: models");
        }
        if (!(averaging instanceof ProtocolSpec.AllReduce || averaging instanceof ProtocolSpec.Moshpit
                || averaging instanceof ProtocolSpec.RandomGroups || averaging instanceof ProtocolSpec.ParameterServer)) {
            throw entry.error("exchange", "gradients are exchanged in groups: all-reduce, moshpit, random-groups or "
                    + "parameter-server; " + averaging.label() + " mixes models (exchange: models)");
        }
        if (overlap) {
            throw entry.error("overlap", "a peer's next gradient needs the step its exchange brings; overlap: true works with "
                    + "exchange: models only");
        }
        if (averaging instanceof ProtocolSpec.ParameterServer && !compression.standsAlone()) {
            throw owner.error("compression", CompressionReader.describe(compression) + " is a collective among the peers; a "
                    + "parameter server takes none, a codec, top-k or rand-k");
        }
        if (scenario.packetLoss() != null && !scenario.packetLoss().retransmits() && compression.codec() == null
                && compression != Compression.EXACT) {
            throw top.error("packet-loss", "lossy aggregation (zero-fill, received-only) is modelled for exact or codec-compressed "
                    + "gradients, not " + CompressionReader.describe(compression) + " (" + averaging.label() + "); use "
                    + "aggregation: retransmission or a codec");
        }
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
            case "parameter-server":
                return parameterServer(entry, scenario, label);
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

    /**
     * A parameter server (training only): its link's {@code bandwidth} and {@code latency}, by default the swarm's mean
     * peer's (share-weighted means of the profiles' mean links and latencies).
     */
    private static ProtocolSpec parameterServer(Section entry, Scenario scenario, String label) {
        if (scenario.training() == null) {
            throw entry.error("type", "a parameter server aggregates the gradients of peers that train; add a training section");
        }
        double bandwidth = 0;
        double latency = 0;
        for (SwarmSpec.Profile profile : scenario.swarm().profiles()) {
            bandwidth += profile.share() * Math.min(profile.upload().mean(), profile.download().mean());
            latency += profile.share() * profile.latency().mean();
        }
        return new ProtocolSpec.ParameterServer(label, entry.quantity("bandwidth", Units.BANDWIDTH, Double.MIN_VALUE,
                bandwidth + "B/s", true), entry.quantity("latency", Units.DURATION, 0, String.valueOf(latency), true));
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
