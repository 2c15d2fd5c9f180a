package org.moshsim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Map;
import org.moshsim.BadInput;
import org.moshsim.backend.Backends;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.config.ProtocolCatalogue;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.protocol.Protocols;
import org.moshsim.simulation.ExperimentRunner;

/**
 * Runs moshsim experiments from Java code, such as a notebook's kernel or another tool:
 * <pre>{@code
 * Moshsim moshsim = Moshsim.create();
 * Experiment table = moshsim.load(Path.of("experiments/averaging/paper-table.yaml"), 3);   // 3 seeds
 * Results results = moshsim.run(table, Moshsim.Options.DEFAULT);
 * for (Summary.Row row : results.summary()) { ... row.protocol(), row.roundsTo(), row.finals() ... }
 * }</pre>
 * An experiment is read and checked exactly as {@code moshsim run} reads a config: bad input throws a
 * {@link BadInput} whose message is the CLI's one line (file, line, key, what is allowed). Results do not depend on the
 * number of threads: the same seeds give the same numbers as the CLI. Instances are immutable and thread-safe.
 */
public final class Moshsim {
    /** How to run: where the arithmetic runs and on how many threads. */
    public record Options(String backend, int threads) {
        /** The CPU backend on every core: the same numbers as the CLI's {@code --backend cpu}. */
        public static final Options DEFAULT = new Options("cpu", Runtime.getRuntime().availableProcessors());

        /**
         * Checks the options.
         *
         * @param backend {@code cpu}, {@code cuda} or {@code auto} (CUDA when a GPU is usable, else the CPU)
         * @param threads CPU threads, at least 1
         */
        public Options {
            if (threads < 1) {
                throw new BadInput("threads: " + threads + " is not allowed; expected an integer >= 1");
            }
        }

        /**
         * These options on another backend.
         *
         * @param backend {@code cpu}, {@code cuda} or {@code auto}
         * @return the changed options
         */
        public Options withBackend(String backend) {
            return new Options(backend, threads);
        }

        /**
         * These options on another number of threads.
         *
         * @param threads CPU threads, at least 1
         * @return the changed options
         */
        public Options withThreads(int threads) {
            return new Options(backend, threads);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final ProtocolCatalogue protocols;

    private Moshsim(ProtocolCatalogue protocols) {
        this.protocols = protocols;
    }

    /**
     * moshsim with its built-in protocols.
     *
     * @return an instance that reads and runs experiments
     */
    public static Moshsim create() {
        return new Moshsim(Protocols.catalogue());
    }

    /**
     * moshsim with the built-in protocols and those of the plug-ins {@code loader} sees (as {@code --with JAR} adds them,
     * e.g. a {@link java.net.URLClassLoader} over the jars).
     *
     * @param loader a class loader whose parent sees moshsim
     * @return an instance that reads and runs experiments naming those protocols too
     */
    public static Moshsim withPlugins(ClassLoader loader) {
        return new Moshsim(Protocols.catalogue(loader));
    }

    /**
     * The protocol types a config may name.
     *
     * @return the catalogue, built-in types first
     */
    public ProtocolCatalogue protocols() {
        return protocols;
    }

    /**
     * Reads a config file, with its own seed count.
     *
     * @param config the YAML file; relative paths in it are relative to its folder
     * @return the experiment, checked
     * @throws BadInput when the file cannot be run, with the CLI's one-line message
     */
    public Experiment load(Path config) {
        return ExperimentReader.read(config, null, protocols);
    }

    /**
     * Reads a config file, overriding its seed count (as {@code --seeds} does).
     *
     * @param config the YAML file
     * @param seeds seeds 0 .. seeds - 1 for every point and protocol
     * @return the experiment, checked
     * @throws BadInput when the file cannot be run
     */
    public Experiment load(Path config, int seeds) {
        return ExperimentReader.read(config, seeds, protocols);
    }

    /**
     * Reads config text.
     *
     * @param name how errors name the text (a file name; relative paths are relative to its folder)
     * @param yaml the config, as a file would hold it
     * @return the experiment, checked
     * @throws BadInput when the config cannot be run
     */
    public Experiment parse(String name, String yaml) {
        return ExperimentReader.parse(name, yaml, null, protocols);
    }

    /**
     * Builds an experiment in code: a map of the config's keys to values as YAML would hold them (numbers, strings such as
     * {@code "100ms"}, lists for sweeps, maps for sections and protocol entries), e.g.
     * {@code Map.of("name", "mine", "peers", 1024, "protocols", List.of(Map.of("type", "moshpit", "grid", List.of(32, 32))))}.
     * It is checked as a file would be; errors name {@code name} and the key.
     *
     * @param name how errors name the config
     * @param config the keys and values
     * @return the experiment, checked
     * @throws BadInput when the config cannot be run
     */
    public Experiment build(String name, Map<String, ?> config) {
        try {
            return parse(name, YAML.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            throw new BadInput(name + ": cannot be written as YAML: " + e.getOriginalMessage());
        }
    }

    /**
     * Runs every point, protocol and seed of an experiment, in memory (nothing is written).
     *
     * @param experiment what to run
     * @param options where and on how many threads
     * @return every run's measurements and the summary
     * @throws BadInput when the backend cannot run it (e.g. {@code cuda} without a usable GPU)
     */
    public Results run(Experiment experiment, Options options) {
        Backends.Choice choice = Backends.choose(options.backend());
        MetricsTable table = ExperimentRunner.run(experiment, choice.factory(), options.threads(), finished -> { });
        return new Results(experiment, table);
    }
}
