package org.moshsim.config;

import java.util.List;

/**
 * What would otherwise fail only while running, minutes into a sweep, checked before anything runs: the number
 * of measurements of a run and the memory of all runs' metrics, and times the simulated clock can hold.
 */
final class RunLimits {
    /** About 32 years: far beyond any experiment, and millisecond events still add up exactly in double seconds. */
    static final double MAX_SECONDS = 1e9;
    /** Measurements of one run (rounds + 1, or samples to the horizon + 1). */
    static final long MAX_MEASUREMENTS = 10_000_000;
    /** Rounds of one asynchronous peer: the horizon over the shortest a round can take. */
    static final double MAX_ROUNDS = 1e9;

    private RunLimits() {
    }

    /** Checks every point's scenario and protocols, and the memory of the metrics of {@code seeds} runs of each. */
    static void check(String file, Node.Mapping root, List<Point> points, int seeds, int measures) {
        double metricsBytes = 0;
        for (Point point : points) {
            Scenario s = point.scenario();
            double horizon = s.timing().horizon();
            if (Double.isFinite(horizon) && horizon > MAX_SECONDS) {
                throw error(file, root, "timing.horizon", seconds(horizon) + " of simulated time is more than the "
                        + seconds(MAX_SECONDS) + " (about 32 years) a run may simulate");
            }
            double slowest = slowestExchange(s);
            if (!(slowest <= MAX_SECONDS)) {
                throw error(file, root, "swarm.bandwidth", "one exchange of the " + (long) s.network().payload() + "-byte payload over "
                        + "the slowest link takes " + seconds(slowest) + "; a run may simulate at most " + seconds(MAX_SECONDS)
                        + ": give a bandwidth of a real link (and a latency and payload of real sizes)");
            }
            double slowestWork = Math.max(s.compute(), s.training() == null ? 0 : s.training().stepTime()) / lowest(speeds(s));
            if (!(slowestWork <= MAX_SECONDS)) {
                throw error(file, root, s.training() == null ? "compute" : "training.step-time", "the slowest peer's local work takes "
                        + seconds(slowestWork) + " a round; a run may simulate at most " + seconds(MAX_SECONDS)
                        + ": check the speeds and the step time");
            }
            for (ProtocolSpec protocol : point.protocols()) {
                long measurements;
                String key;
                if (protocol.async()) {
                    measurements = (long) Math.min(Long.MAX_VALUE / 2, Math.floor(horizon / s.timing().sample())) + 2;
                    key = "timing.sample";
                    double round = Math.max(s.network().matchmaking(), s.training() == null ? s.compute() : s.training().stepTime());
                    if (horizon / round > MAX_ROUNDS) {
                        throw error(file, root, "timing.horizon", seconds(horizon) + " is " + String.format("%.3g", horizon / round)
                                + " rounds of at least " + seconds(round) + " (protocol " + protocol.label() + "); at most "
                                + String.format("%.0e", MAX_ROUNDS) + " are simulated: a shorter horizon or a longer matchmaking window");
                    }
                } else {
                    int every = s.timing().record() == TimingSpec.Record.ROUNDS ? s.timing().every() : 1;
                    measurements = (s.rounds() + every - 1L) / every + 1;
                    key = "rounds";
                }
                if (measurements > MAX_MEASUREMENTS) {
                    throw error(file, root, key, "a run of protocol " + protocol.label() + " would record " + measurements
                            + " measurements; at most " + MAX_MEASUREMENTS + (key.equals("rounds") ? ": fewer rounds"
                            : ": a longer sample interval or a shorter horizon"));
                }
                metricsBytes += (double) measurements * (4 + measures) * Double.BYTES * seeds;
            }
        }
        double memory = Runtime.getRuntime().maxMemory();
        if (metricsBytes > memory / 2) {
            throw error(file, root, "seeds", String.format("the runs' metrics need %.1f GiB, more than half of the %.1f GiB this JVM "
                    + "may use; fewer seeds, rounds or points, or more memory (JAVA_OPTS=-Xmx...)", metricsBytes / 0x1p30, memory / 0x1p30));
        }
    }

    /** Seconds an exchange of the payload takes over the slowest link at its typical bandwidth, plus its latency. */
    private static double slowestExchange(Scenario s) {
        double seconds = 0;
        for (SwarmSpec.Profile p : s.swarm().profiles()) {
            double bandwidth = Math.min(low(p.upload()), low(p.download()));
            seconds = Math.max(seconds, s.network().payload() / bandwidth + p.latency().mean() + s.network().delay().mean());
        }
        return seconds;
    }

    private static List<Dist> speeds(Scenario s) {
        return s.swarm().profiles().stream().map(SwarmSpec.Profile::speed).toList();
    }

    private static double lowest(List<Dist> dists) {
        return dists.stream().mapToDouble(RunLimits::low).min().orElse(1);
    }

    /** The low end of a distribution: a uniform's lower bound, else its mean. */
    private static double low(Dist dist) {
        return dist instanceof Dist.Uniform u ? u.low() : dist.mean();
    }

    private static String seconds(double s) {
        return s < 1e6 ? String.format("%.4gs", s) : String.format("%.3gs", s);
    }

    /** An error at the line where the key is written (at the top, or else in the first point that sets it). */
    private static ConfigError error(String file, Node.Mapping root, String path, String message) {
        return new ConfigError(file, line(root, path), path + ": " + message);
    }

    private static int line(Node.Mapping root, String path) {
        Node node = root;
        int line = root.line();
        for (String key : path.split("\\.")) {
            if (!(node instanceof Node.Mapping m) || !m.entries().containsKey(key)) {
                Node points = root.entries().get("points");
                return node == root && points != null ? points.line() : line;
            }
            node = m.entries().get(key);
            line = node.line();
        }
        return line;
    }
}
