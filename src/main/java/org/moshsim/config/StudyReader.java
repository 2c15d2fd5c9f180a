package org.moshsim.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.moshsim.BadInput;

/** Reads a study config: one with a top-level {@code study} key naming the study. */
public final class StudyReader {
    public static final List<String> TYPES = List.of("drop-compute", "quantized-all-reduce");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private StudyReader() {
    }

    /** The study in a config file, or null when the file is an experiment (has no {@code study} key). */
    public static Study readIfStudy(Path file, Integer seeds) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text, seeds);
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
        int seeds = top.integer("seeds", 1, 1, false);
        if (seedsOverride != null) {
            if (seedsOverride < 1) {
                throw new BadInput("--seeds: " + seedsOverride + " is not allowed; expected an integer >= 1");
            }
            seeds = seedsOverride;
            top.resolve("seeds", seeds);
        }
        StudySpec spec = switch (type) {
            case "quantized-all-reduce" -> quantizedAllReduce(top);
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
}
