package org.moshsim.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs a group-averaging benchmark with a "shape" parameter (N x D) and a {@code groupAveraging} method next
 * to a baseline method, and prints GB/s of both side by side: 8 N D bytes per round (every value read once
 * and written once), from the median iteration.
 */
public final class GbPerSecond {
    private GbPerSecond() {
    }

    static long bytesMoved(String shape) {
        String[] nd = shape.split("x");
        return 8L * Long.parseLong(nd[0]) * Long.parseLong(nd[1]);
    }

    /** Runs JMH on {@code benchmark} with the given arguments; {@code -o FILE} also writes the table as CSV. */
    static void run(Class<?> benchmark, String baseline, String[] args) throws RunnerException, CommandLineOptionException, IOException {
        List<String> jmhArgs = new ArrayList<>();
        Path csv = csvOption(args, jmhArgs);
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(jmhArgs.toArray(String[]::new)))
                .include(benchmark.getSimpleName()).build()).run();
        TreeMap<String, double[]> table = new TreeMap<>((a, b) -> Long.compare(bytesMoved(a), bytesMoved(b)) != 0
                ? Long.compare(bytesMoved(a), bytesMoved(b)) : a.compareTo(b));
        for (RunResult result : results) {
            String shape = result.getParams().getParam("shape");
            // The median iteration: the machines we run on are shared, and a slow iteration should not move it.
            double millis = result.getPrimaryResult().getStatistics().getPercentile(50);
            boolean averaging = result.getParams().getBenchmark().endsWith("groupAveraging");
            double[] row = table.computeIfAbsent(shape, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            row[averaging ? 0 : 2] = bytesMoved(shape) / (millis * 1e-3) / 1e9;
            row[averaging ? 1 : 3] = millis;
        }
        StringBuilder out = new StringBuilder("shape,group_averaging_gb_s," + baseline + "_gb_s,ratio,group_averaging_ms,"
                + baseline + "_ms\n");
        table.forEach((shape, r) -> out.append(String.format(Locale.ROOT, "%s,%.2f,%.2f,%.2f,%.4f,%.4f%n", shape, r[0], r[2],
                r[0] / r[2], r[1], r[3])));
        System.out.println();
        System.out.println("GB/s moved (8 N D bytes per round), median iteration:");
        System.out.print(out);
        write(csv, out.toString());
    }

    /** The file after {@code -o}, or null; every other argument goes to {@code jmhArgs} for JMH. */
    public static Path csvOption(String[] args, List<String> jmhArgs) {
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-o")) {
                csv = Path.of(args[++i]);
            } else {
                jmhArgs.add(args[i]);
            }
        }
        return csv;
    }

    /** Writes a benchmark's CSV table, when a file was asked for. */
    public static void write(Path csv, String table) throws IOException {
        if (csv != null) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(csv))) {
                writer.print(table);
            }
        }
    }
}
