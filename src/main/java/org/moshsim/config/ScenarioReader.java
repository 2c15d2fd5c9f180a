package org.moshsim.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the keys that make a scenario: the swarm, its values, failures, network, availability and timing. */
final class ScenarioReader {
    private static final double POSITIVE = Double.MIN_VALUE;

    static final KeySet INIT = new KeySet("init", "init", "The peers' initial values (averaging): i.i.d. per value.", List.of(
            Key.choice("distribution", List.of("normal", "uniform"), "the distribution of every initial value").orElse("normal"),
            Key.number("mean", -Double.MAX_VALUE, Double.MAX_VALUE, "a number", "the mean").orElse("0.0").when("distribution: normal"),
            Key.number("std", 0, Double.MAX_VALUE, "a number >= 0", "the standard deviation").orElse("1.0")
                    .when("distribution: normal"),
            Key.number("low", -Double.MAX_VALUE, Double.MAX_VALUE, "a number", "the lower end").orElse("0.0")
                    .when("distribution: uniform"),
            Key.number("high", -Double.MAX_VALUE, Double.MAX_VALUE, "a number above low", "the upper end").orElse("1.0")
                    .when("distribution: uniform")));

    static final KeySet FAILURES = new KeySet("failures", "failures", "Peers that fail independently in each round (in each "
            + "attempt, asynchronously) and keep their values.", List.of(
            Key.choice("model", List.of("none", "bernoulli"), "none, or each peer fails with probability p").orElse("none").once(),
            Key.number("p", 0, 1, "a probability in [0, 1]", "the probability that a peer fails in a round").when("model: bernoulli"),
            Key.choice("semantics", List.of("exclude", "void"), "exclude: failed peers stay out of matchmaking; void: they fail "
                    + "mid-round, so their group (neighbourhood, send) does nothing and pays the timeout").orElse("exclude")
                    .when("model: bernoulli")));

    private static final Key<Dist> BANDWIDTH = Values.dist("bandwidth", Units.BANDWIDTH, POSITIVE, "each peer's link, both directions");
    private static final Key<Dist> UPLOAD = Values.dist("upload", Units.BANDWIDTH, POSITIVE, "each peer's upload link");
    private static final Key<Dist> DOWNLOAD = Values.dist("download", Units.BANDWIDTH, POSITIVE, "each peer's download link");
    private static final Key<Dist> LATENCY = Values.dist("latency", Units.DURATION, 0, "each peer's one-way latency");
    private static final Key<Dist> SPEED = Values.dist("speed", Units.NUMBER, POSITIVE, "each peer's relative compute speed "
            + "(local work takes compute / speed)");
    static final KeySet PROFILE = new KeySet("swarm.profiles[]", "swarm.profiles[]", "A class of peers; its keys override the "
            + "swarm's for its share of the peers.", List.of(
            Key.text("name", Section.NON_BLANK, "a name for the profile", "the profile's name"),
            Key.number("share", POSITIVE, 1, "a fraction in (0, 1]", "the fraction of the peers in it; the shares add up to 1")
                    .computed("1 / the number of profiles"),
            BANDWIDTH.computed("the swarm's"), UPLOAD.computed("bandwidth, else the swarm's"),
            DOWNLOAD.computed("bandwidth, else the swarm's"), LATENCY.computed("the swarm's"), SPEED.computed("the swarm's")));
    private static final Key<Void> PROFILES = Key.mapping("profiles", "list of mappings",
            "a list of profiles such as - {name: home, share: 0.5, bandwidth: 100Mbit/s}", null, List.of(PROFILE),
            "classes of peers, overriding the keys above").computed("one class of every peer");
    static final KeySet SWARM = new KeySet("swarm", "swarm", "The peers' links and speeds; each value may be a distribution, "
            + "drawn per peer.", List.of(BANDWIDTH.orElse("1Gbit/s"), UPLOAD.computed("bandwidth"), DOWNLOAD.computed("bandwidth"),
            LATENCY.orElse("0"), SPEED.orElse("1"), PROFILES));

    static final KeySet NETWORK = new KeySet("network", "network", "What exchanges cost beyond the links.", List.of(
            Key.size("payload", 1, "bytes each exchange moves: the modelled model, whatever dim the numbers use")
                    .computed("4 x dim (float32 values)"),
            Values.dist("delay", Units.DURATION, 0, "extra time per peer and round (drawn per peer and round)").orElse("0"),
            Key.duration("matchmaking", 0, "the DHT's window before each group forms (plus log2 N lookup hops)").orElse("0"),
            Key.duration("timeout", 0, "what a member failing mid-exchange costs its group").orElse("5s")));

    static final KeySet AVAILABILITY = new KeySet("availability", "availability", "When peers are online, beyond the "
            + "per-round failures.", List.of(
            Key.choice("model", List.of("none", "churn", "trace"), "none: always online; churn: sessions and downtimes drawn per "
                    + "peer; trace: online intervals read from a file").orElse("none").once(),
            Values.dist("session", Units.DURATION, POSITIVE, "how long a peer stays online").when("model: churn"),
            Values.dist("downtime", Units.DURATION, POSITIVE, "how long a peer stays away").when("model: churn"),
            Key.choice("start", List.of("online", "stationary"), "online: every peer starts online; stationary: each starts online "
                    + "with the long-run probability session / (session + downtime)").orElse("online").when("model: churn"),
            Key.text("file", Pattern.compile(".+"), "the path of a CSV file of peer,start,end rows", "a CSV trace of online "
                    + "intervals, rows peer,start,end in seconds (a first line of words is a header; peer ids are renumbered "
                    + "0..K-1 in order, and simulated peer i follows trace peer i mod K); a relative path is relative to the "
                    + "config file's folder").when("model: trace")));

    static final KeySet TIMING = new KeySet("timing", "timing", "How long runs last in simulated time.", List.of(
            Key.duration("horizon", POSITIVE, "stop every run at this simulated time (asynchronous protocols need one)")
                    .computed("none: runs stop at rounds"),
            Key.duration("sample", POSITIVE, "how often asynchronous runs are measured: the resolution of their times to "
                    + "target").computed("horizon / 1000")));

    static final Key<Integer> PEERS = Key.integer("peers", 2, "the number of peers");
    static final Key<Void> TRAINING = Key.section("training", TrainingReader.KEYS, "the model the peers train; without it they "
            + "average random values").computed("none: the peers average");
    static final Key<Integer> DIM = Key.integer("dim", 1, "values per peer").orElse("1").when("no training (the model fixes it)");
    static final Key<Integer> ROUNDS = Key.integer("rounds", 1, "synchronous rounds per run (a horizon may stop runs earlier)")
            .orElse("50");
    static final Key<Void> INIT_KEY = Key.section("init", INIT, "the initial values").when("no training");
    static final Key<Void> FAILURES_KEY = Key.section("failures", FAILURES, "per-round failures");
    static final Key<Void> SWARM_KEY = Key.section("swarm", SWARM, "the peers' links and speeds");
    static final Key<Void> NETWORK_KEY = Key.section("network", NETWORK, "payload, delays, matchmaking and timeouts");
    static final Key<Double> COMPUTE = Key.duration("compute", 0, "local work per round on a peer of speed 1").orElse("0")
            .when("no training (training.step-time sets it)");
    static final Key<Void> AVAILABILITY_KEY = Key.section("availability", AVAILABILITY, "churn or availability traces");
    static final Key<Void> TIMING_KEY = Key.section("timing", TIMING, "the horizon in simulated time");

    /** The scenario's keys at the top of a config (and of a point), in reading order. */
    static final List<Key<?>> KEYS = List.of(PEERS, TRAINING, DIM, ROUNDS, INIT_KEY, FAILURES_KEY, SWARM_KEY, NETWORK_KEY, COMPUTE,
            AVAILABILITY_KEY, TIMING_KEY, CompressionReader.KEY, PacketLossReader.KEY);

    private ScenarioReader() {
    }

    static Scenario read(Section top) {
        int peers = top.get(PEERS);
        TrainingSpec training = top.has(TRAINING) ? TrainingReader.read(top.section(TRAINING)) : null;
        if (training != null) {
            // The model fixes the dimension, the step time the local work, and every peer starts from one model.
            for (String key : List.of("dim", "init", "compute")) {
                if (top.has(key)) {
                    throw top.error(key, "a training run takes its " + (key.equals("dim") ? "dimension from the model"
                            : key.equals("init") ? "initial model from the model" : "local work from training.step-time")
                            + "; remove " + key);
                }
            }
            top.permit(TRAINING);
        }
        int dim = training != null ? training.dim() : top.get(DIM);
        int rounds = top.get(ROUNDS);
        InitSpec init = training != null ? null : readInit(top.section(INIT_KEY));
        FailureSpec failures = readFailures(top.section(FAILURES_KEY));
        SwarmSpec swarm = readSwarm(top.section(SWARM_KEY));
        NetworkSpec network = readNetwork(top.section(NETWORK_KEY), dim);
        double compute = training != null ? 0 : top.get(COMPUTE);
        AvailabilitySpec availability = readAvailability(top.section(AVAILABILITY_KEY));
        TimingSpec timing = readTiming(top.section(TIMING_KEY));
        return new Scenario(peers, dim, rounds, init, failures, swarm, network, compute, availability, timing, training,
                CompressionReader.read(top), PacketLossReader.read(top));
    }

    private static SwarmSpec readSwarm(Section swarm) {
        Dist bandwidth = swarm.get(key(SWARM, "bandwidth"));
        Dist upload = swarm.getOr(key(SWARM, "upload"), bandwidth);
        Dist download = swarm.getOr(key(SWARM, "download"), bandwidth);
        Dist latency = swarm.get(key(SWARM, "latency"));
        Dist speed = swarm.get(key(SWARM, "speed"));
        if (!swarm.has(PROFILES)) {
            swarm.permit(PROFILES);
            swarm.finish();
            return new SwarmSpec(List.of(new SwarmSpec.Profile("default", 1, upload, download, latency, speed)));
        }
        List<Node> nodes = swarm.list(PROFILES);
        swarm.finish();
        List<SwarmSpec.Profile> profiles = new ArrayList<>();
        List<Object> resolved = new ArrayList<>();
        double shares = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Section p = swarm.child("profiles[" + i + "]", nodes.get(i), PROFILE);
            String name = p.get(key(PROFILE, "name"));
            double share = p.get(key(PROFILE, "share"), String.valueOf(1.0 / nodes.size()));
            Dist profileBandwidth = p.getOr(key(PROFILE, "bandwidth"), null);
            Dist profileUpload = p.getOr(key(PROFILE, "upload"), profileBandwidth != null ? profileBandwidth : upload);
            Dist profileDownload = p.getOr(key(PROFILE, "download"), profileBandwidth != null ? profileBandwidth : download);
            profiles.add(new SwarmSpec.Profile(name, share, profileUpload, profileDownload, p.getOr(key(PROFILE, "latency"), latency),
                    p.getOr(key(PROFILE, "speed"), speed)));
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
        double payload = network.get(key(NETWORK, "payload"), String.valueOf(4L * dim));
        Dist delay = network.get(key(NETWORK, "delay"));
        double matchmaking = network.get(key(NETWORK, "matchmaking"));
        double timeout = network.get(key(NETWORK, "timeout"));
        network.finish();
        return new NetworkSpec(payload, delay, matchmaking, timeout);
    }

    private static AvailabilitySpec readAvailability(Section availability) {
        String model = availability.get(key(AVAILABILITY, "model"));
        AvailabilitySpec spec;
        if (model.equals("churn")) {
            spec = new AvailabilitySpec.Churn(availability.get(key(AVAILABILITY, "session")),
                    availability.get(key(AVAILABILITY, "downtime")),
                    availability.get(key(AVAILABILITY, "start")).equals("stationary"));
        } else if (model.equals("trace")) {
            String written = availability.get(key(AVAILABILITY, "file"));
            Path file;
            try {
                file = availability.relative(written);
            } catch (java.nio.file.InvalidPathException e) {
                throw availability.error("file", "'" + written + "' is not a path (" + e.getReason() + ")");
            }
            if (!Files.isRegularFile(file)) {
                throw availability.error("file", "no such trace file '" + written + "' (" + file + "; a relative path is "
                        + "relative to the config file's folder)");
            }
            availability.resolve("file", file.toString());
            spec = new AvailabilitySpec.Trace(file.toString(), Traces.read(file.toString()));
        } else {
            spec = AvailabilitySpec.ALWAYS;
        }
        availability.finish();
        return spec;
    }

    private static TimingSpec readTiming(Section timing) {
        Key<Double> horizonKey = key(TIMING, "horizon");
        Key<Double> sampleKey = key(TIMING, "sample");
        double horizon = timing.has(horizonKey) ? timing.get(horizonKey, (String) null) : Double.POSITIVE_INFINITY;
        if (!timing.has(horizonKey)) {
            timing.permit(horizonKey);
        }
        double sample = timing.has(sampleKey) || Double.isFinite(horizon) ? timing.get(sampleKey, String.valueOf(horizon / 1000)) : Double.NaN;
        if (!timing.has(sampleKey)) {
            timing.permit(sampleKey);
        }
        timing.finish();
        return new TimingSpec(horizon, sample);
    }

    private static InitSpec readInit(Section init) {
        InitSpec spec;
        if (init.get(key(INIT, "distribution")).equals("normal")) {
            double mean = init.get(key(INIT, "mean"));
            double std = init.get(key(INIT, "std"));
            spec = new InitSpec.Normal(mean, std);
        } else {
            double low = init.get(key(INIT, "low"));
            double high = init.get(key(INIT, "high"));
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
        if (failures.get(key(FAILURES, "model")).equals("bernoulli")) {
            double p = failures.get(key(FAILURES, "p"));
            String semantics = failures.get(key(FAILURES, "semantics"));
            spec = new FailureSpec(p, semantics.equals("void") ? FailureSemantics.VOID : FailureSemantics.EXCLUDE);
        }
        failures.finish();
        return spec;
    }

    /** The key of a set by its name (the first, where a name appears under two conditions). */
    @SuppressWarnings("unchecked")
    static <T> Key<T> key(KeySet set, String name) {
        return (Key<T>) set.keys().stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(set.path() + " has no key " + name));
    }
}
