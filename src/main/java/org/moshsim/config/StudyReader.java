package org.moshsim.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a study config: one with a top-level {@code study} key naming the study. */
public final class StudyReader {
    public static final List<String> TYPES = List.of("drop-compute", "quantized-all-reduce", "compression", "packet-loss");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private StudyReader() {
    }

    /** The study in a config file, or null when the file is an experiment (has no {@code study} key). */
    public static Study readIfStudy(Path file, Integer seeds) {
        return parse(file.toString(), ExperimentReader.text(file), seeds);
    }

    /** As {@link #readIfStudy}, from text; {@code file} names it in error messages. */
    public static Study parse(String file, String text, Integer seedsOverride) {
        Node tree = YamlTree.parse(file, text);
        Section top = new Section(new Sweep(file, Map.of()), "", tree);
        if (!top.has("study")) {
            return null;
        }
        String name = top.text("name", NAME, "a name of letters, digits, '.', '_' or '-' (it names the results folder)", null);
        String type = top.choice("study", TYPES, null, false);
        int seeds = ExperimentReader.seeds(top, seedsOverride);
        StudySpec spec = switch (type) {
            case "quantized-all-reduce" -> quantizedAllReduce(top);
            case "compression" -> compression(top);
            case "packet-loss" -> packetLoss(top);
            default -> dropCompute(top);
        };
        top.finish();
        return new Study(name, seeds, spec, top.resolved());
    }

    private static StudySpec dropCompute(Section top) {
        List<Integer> workers = top.integers("workers", 1, false, "a list of worker counts, e.g. [8, 64, 512]");
        int microBatches = top.integer("micro-batches", 1, null, false);
        double microBatchTime = top.quantity("micro-batch-time", Units.DURATION, Double.MIN_VALUE, null, false);
        double noise = top.number("noise", 0, 5, 0.3, false, "a log-normal sigma in [0, 5]");
        double allReduce = top.quantity("all-reduce", Units.DURATION, 0, "0s", false);
        int warmUp = top.integer("warm-up-steps", 2, 100, false);
        int steps = top.integer("steps", 1, 400, false);
        return new StudySpec.DropCompute(workers, microBatches, microBatchTime, noise, allReduce, warmUp, steps);
    }

    private static StudySpec quantizedAllReduce(Section top) {
        int peers = top.integer("peers", 2, null, false);
        int values = top.integer("values", 1, 1 << 20, false);
        List<Integer> bits = top.integers("bits", 2, false, "a list of bit widths from 2 to 8, e.g. [4, 6, 8]");
        for (int b : bits) {
            if (b > 8) {
                throw top.error("bits", b + " is out of range; expected bit widths from 2 to 8");
            }
        }
        List<Integer> groups = top.integers("group-sizes", 1, false, "a list of group sizes, e.g. [32, 128]");
        return new StudySpec.QuantizedAllReduce(peers, values, bits, groups, regimes(top));
    }

    /** {@code regimes: [{name: .., payload: 1GB, bandwidth: 100Gbit/s, latency: 10us}, ..]}. */
    private static List<StudySpec.Regime> regimes(Section top) {
        List<StudySpec.Regime> regimes = new ArrayList<>();
        List<Node> items = top.list("regimes", "a list of regimes, e.g. - {name: bandwidth-bound, payload: 1GB, bandwidth: "
                + "100Gbit/s, latency: 10us}");
        List<Object> resolved = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Section regime = top.child("regimes[" + i + "]", items.get(i));
            String name = regime.text("name", NAME, "a name of letters, digits, '.', '_' or '-'", null);
            double payload = regime.quantity("payload", Units.SIZE, 1, null, false);
            double bandwidth = regime.quantity("bandwidth", Units.BANDWIDTH, Double.MIN_VALUE, null, false);
            double latency = regime.quantity("latency", Units.DURATION, 0, "0s", false);
            regime.finish();
            regimes.add(new StudySpec.Regime(name, payload, bandwidth, latency));
            resolved.add(regime.resolved());
        }
        top.resolve("regimes", resolved);
        return regimes;
    }

    private static final List<String> COMPRESSORS = List.of("none", "float16", "int", "top-k", "rand-k", "arc-top-k");

    private static StudySpec compression(Section top) {
        int peers = top.integer("peers", 2, null, false);
        int steps = top.integer("steps", 1, null, false);
        int every = top.integer("evaluate-every", 1, Math.max(1, steps / 50), false);
        TrainingSpec training = TrainingReader.read(top.section("training"));
        StudySpec.Regime network = network(top);
        double target = top.number("accuracy-target", 0, 1, 0.9, false, "a test accuracy in [0, 1]");
        List<Node> items = top.list("compressors", "a list of compressors, e.g. - {type: top-k, ratio: 0.01, feedback: ef21m}");
        List<StudySpec.Compressor> compressors = new ArrayList<>();
        List<Object> resolved = new ArrayList<>();
        java.util.Set<String> labels = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Section entry = top.child("compressors[" + i + "]", items.get(i));
            StudySpec.Compressor compressor = compressor(entry);
            if (!labels.add(compressor.label())) {
                throw entry.error("label", "'" + compressor.label() + "' names two compressors; give each a distinct label");
            }
            compressors.add(compressor);
            resolved.add(entry.resolved());
        }
        top.resolve("compressors", resolved);
        return new StudySpec.Compression(peers, steps, every, training, network, target, compressors);
    }

    /** {@code network: {payload: 102.4MB, bandwidth: 10Gbit/s, latency: 0.5ms}}: the modelled payload's links. */
    private static StudySpec.Regime network(Section top) {
        Section net = top.section("network");
        double payload = net.quantity("payload", Units.SIZE, 1, null, false);
        double bandwidth = net.quantity("bandwidth", Units.BANDWIDTH, Double.MIN_VALUE, null, false);
        double latency = net.quantity("latency", Units.DURATION, 0, "0s", false);
        net.finish();
        return new StudySpec.Regime("network", payload, bandwidth, latency);
    }

    private static StudySpec packetLoss(Section top) {
        int peers = top.integer("peers", 2, null, false);
        int steps = top.integer("steps", 1, null, false);
        TrainingSpec training = TrainingReader.read(top.section("training"));
        StudySpec.Regime network = network(top);
        List<Double> rates = top.numbers("loss-rates", 0, 0.9, null, "a list of packet loss rates in [0, 0.9], e.g. [0, 0.01, 0.1]");
        if (rates == null) {
            throw top.error("loss-rates", "missing; expected a list of packet loss rates in [0, 0.9], e.g. [0, 0.01, 0.1]");
        }
        double packet = top.quantity("packet", Units.SIZE, 4, "1400B", false);
        double burst = top.number("burst-length", 1, 1e6, 1.0, false, "a mean burst length in packets, >= 1 (1: independent losses)");
        List<String> methods = top.choices("methods", List.of("zero-fill", "received-only", "retransmission"),
                List.of("zero-fill", "received-only", "retransmission"));
        return new StudySpec.PacketLoss(peers, steps, training, network, rates, (int) (packet / 4), burst, methods);
    }

    private static StudySpec.Compressor compressor(Section entry) {
        String type = entry.choice("type", COMPRESSORS, null, false);
        int bits = 0;
        int group = 0;
        double ratio = 1;
        int rows = 0;
        int rank = 0;
        StudySpec.Feedback feedback = StudySpec.Feedback.NONE;
        double eta = 0;
        String label = type;
        switch (type) {
            case "int" -> {
                bits = entry.integer("bits", 2, null, false);
                if (bits > 8) {
                    throw entry.error("bits", bits + " is out of range; expected 2 to 8 bits");
                }
                group = entry.integer("group", 1, 128, false);
                label = "int" + bits + " g=" + group;
            }
            case "top-k", "rand-k", "arc-top-k" -> {
                ratio = entry.number("ratio", Double.MIN_VALUE, 1, null, false, "the fraction of values kept, in (0, 1]");
                if (type.equals("arc-top-k")) {
                    rows = entry.integer("rows", 1, null, false);
                    rank = entry.integer("rank", 1, 4, false);
                }
                String name = entry.choice("feedback", List.of("none", "ef14", "ef21", "ef21m"), "none", false);
                feedback = StudySpec.Feedback.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                if (feedback == StudySpec.Feedback.EF21M) {
                    eta = entry.number("eta", Double.MIN_VALUE, 1, 0.1, false, "a momentum weight in (0, 1]");
                }
                label = type + " " + ratio + (feedback == StudySpec.Feedback.NONE ? "" : " " + name);
            }
            default -> { }
        }
        label = entry.text("label", Section.NON_BLANK, "a label", label);
        entry.finish();
        return new StudySpec.Compressor(type, label, bits, group, ratio, rows, rank, feedback, eta);
    }
}
