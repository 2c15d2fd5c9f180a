package org.moshsim.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the keys that make a scenario: the swarm, its values, failures, network, availability and timing. */
final class ScenarioReader {

    private ScenarioReader() {
    }

    static Scenario read(Section top) {
        int peers = top.integer("peers", 2, null, true);
        TrainingSpec training = top.has("training") ? TrainingReader.read(top.section("training")) : null;
        if (training != null) {
            // The model fixes the dimension, the step time the local work, and every peer starts from one model.
            for (String key : List.of("dim", "init", "compute")) {
                if (top.has(key)) {
                    throw top.error(key, "a training run takes its " + (key.equals("dim") ? "dimension from the model"
                            : key.equals("init") ? "initial model from the model" : "local work from training.step-time")
                            + "; remove " + key);
                }
            }
            top.permit("training");
        }
        int dim = training != null ? training.dim() : top.integer("dim", 1, 1, true);
        int rounds = top.integer("rounds", 1, 50, true);
        InitSpec init = training != null ? null : readInit(top.section("init"));
        FailureSpec failures = readFailures(top.section("failures"));
        SwarmSpec swarm = readSwarm(top.section("swarm"));
        NetworkSpec network = readNetwork(top.section("network"), dim);
        double compute = training != null ? 0 : top.quantity("compute", Units.DURATION, 0, "0", true);
        AvailabilitySpec availability = readAvailability(top.section("availability"));
        TimingSpec timing = readTiming(top.section("timing"));
        return new Scenario(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training,
                CompressionReader.read(top), PacketLossReader.read(top));
    }

    private static SwarmSpec readSwarm(Section swarm) {
        double positive = Double.MIN_VALUE;
        Dist bandwidth = swarm.dist("bandwidth", Units.BANDWIDTH, positive, "1Gbit/s", true);
        Dist upload = swarm.dist("upload", Units.BANDWIDTH, positive, bandwidth, true);
        Dist download = swarm.dist("download", Units.BANDWIDTH, positive, bandwidth, true);
        Dist latency = swarm.dist("latency", Units.DURATION, 0, "0", true);
        Dist speed = swarm.dist("speed", Units.NUMBER, positive, "1", true);
        if (!swarm.has("profiles")) {
            swarm.permit("profiles");
            swarm.finish();
            return new SwarmSpec(List.of(new SwarmSpec.Profile("default", 1, upload, download, latency, speed)));
        }
        List<Node> nodes = swarm.list("profiles", "a list of profiles such as - {name: home, share: 0.5, bandwidth: 100Mbit/s}");
        swarm.finish();
        List<SwarmSpec.Profile> profiles = new ArrayList<>();
        List<Object> resolved = new ArrayList<>();
        double shares = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Section p = swarm.child("profiles[" + i + "]", nodes.get(i));
            String name = p.text("name", Section.NON_BLANK, "a name for the profile", null);
            double share = p.number("share", Double.MIN_VALUE, 1, 1.0 / nodes.size(), true, "a fraction in (0, 1]");
            Dist profileBandwidth = p.dist("bandwidth", Units.BANDWIDTH, positive, (Dist) null, true);
            Dist profileUpload = p.dist("upload", Units.BANDWIDTH, positive, profileBandwidth != null ? profileBandwidth : upload, true);
            Dist profileDownload = p.dist("download", Units.BANDWIDTH, positive,
                    profileBandwidth != null ? profileBandwidth : download, true);
            profiles.add(new SwarmSpec.Profile(name, share, profileUpload, profileDownload,
                    p.dist("latency", Units.DURATION, 0, latency, true), p.dist("speed", Units.NUMBER, positive, speed, true)));
            p.finish();
            resolved.add(p.resolved());
            shares += share;
        }
        if (Math.abs(shares - 1) > 1e-9) {
            throw swarm.error("profiles", "the shares add up to " + shares + "; they must add up to 1");
        }
        swarm.resolve("profiles", resolved);
        return new SwarmSpec(profiles);
    }

    private static NetworkSpec readNetwork(Section network, int dim) {
        double payload = network.quantity("payload", Units.SIZE, 1, String.valueOf(4L * dim), true);
        Dist delay = network.dist("delay", Units.DURATION, 0, "0", true);
        double matchmaking = network.quantity("matchmaking", Units.DURATION, 0, "0", true);
        double timeout = network.quantity("timeout", Units.DURATION, 0, "5s", true);
        network.finish();
        return new NetworkSpec(payload, delay, matchmaking, timeout);
    }

    private static AvailabilitySpec readAvailability(Section availability) {
        String model = availability.choice("model", List.of("none", "churn", "trace"), "none", false);
        AvailabilitySpec spec;
        if (model.equals("churn")) {
            spec = new AvailabilitySpec.Churn(availability.dist("session", Units.DURATION, Double.MIN_VALUE, (String) null, true),
                    availability.dist("downtime", Units.DURATION, Double.MIN_VALUE, (String) null, true),
                    availability.choice("start", List.of("online", "stationary"), "online", true).equals("stationary"));
        } else if (model.equals("trace")) {
            String file = availability.text("file", Pattern.compile(".+"), "the path of a CSV file of peer,start,end rows", null);
            if (!Files.isRegularFile(Path.of(file))) {
                throw availability.error("file", "no such trace file '" + file + "' (paths are relative to the current folder)");
            }
            spec = new AvailabilitySpec.Trace(file, Traces.read(file));
        } else {
            spec = AvailabilitySpec.ALWAYS;
        }
        availability.finish();
        return spec;
    }

    private static TimingSpec readTiming(Section timing) {
        double horizon = timing.has("horizon") ? timing.quantity("horizon", Units.DURATION, Double.MIN_VALUE, null, true)
                : Double.POSITIVE_INFINITY;
        if (!timing.has("horizon")) {
            timing.permit("horizon");
        }
        double sample = timing.has("sample") || Double.isFinite(horizon)
                ? timing.quantity("sample", Units.DURATION, Double.MIN_VALUE, String.valueOf(horizon / 1000), true) : Double.NaN;
        if (!timing.has("sample")) {
            timing.permit("sample");
        }
        timing.finish();
        return new TimingSpec(horizon, sample);
    }

    private static InitSpec readInit(Section init) {
        InitSpec spec;
        if (init.choice("distribution", List.of("normal", "uniform"), "normal", true).equals("normal")) {
            double mean = init.number("mean", -Double.MAX_VALUE, Double.MAX_VALUE, 0.0, true, "a number");
            double std = init.number("std", 0, Double.MAX_VALUE, 1.0, true, "a number >= 0");
            spec = new InitSpec.Normal(mean, std);
        } else {
            double low = init.number("low", -Double.MAX_VALUE, Double.MAX_VALUE, 0.0, true, "a number");
            double high = init.number("high", -Double.MAX_VALUE, Double.MAX_VALUE, 1.0, true, "a number above low");
            if (!(high > low)) {
                throw init.error("high", high + " is not above low " + low + "; expected low < high");
            }
            spec = new InitSpec.Uniform(low, high);
        }
        init.finish();
        return spec;
    }

    private static FailureSpec readFailures(Section failures) {
        FailureSpec spec = FailureSpec.NONE;
        if (failures.choice("model", List.of("none", "bernoulli"), "none", false).equals("bernoulli")) {
            double p = failures.number("p", 0, 1, null, true, "a probability in [0, 1]");
            String semantics = failures.choice("semantics", List.of("exclude", "void"), "exclude", true);
            spec = new FailureSpec(p, semantics.equals("void") ? FailureSemantics.VOID : FailureSemantics.EXCLUDE);
        }
        failures.finish();
        return spec;
    }
}
