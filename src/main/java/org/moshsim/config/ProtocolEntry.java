package org.moshsim.config;

/**
 * One entry of a config's {@code protocols} list, as a {@link ProtocolDefinition} reads it: its parameters through their
 * {@link Key}s (a list where one value is expected sweeps the protocol), the scenario of the point it runs at, and
 * errors that name the file, the line and the key, as every config error does.
 */
public final class ProtocolEntry {
    private final Section section;
    private final Scenario scenario;
    private final String label;
    private final int peersLine;

    ProtocolEntry(Section section, Scenario scenario, String label, int peersLine) {
        this.section = section;
        this.scenario = scenario;
        this.label = label;
        this.peersLine = peersLine;
    }

    /** The name the protocol has in outputs: its {@code label}, else its type, plus any swept parameters. */
    public String label() {
        return label;
    }

    /** The point's scenario: peers, network, timing, training, ... (checks such as a group no larger than the swarm). */
    public Scenario scenario() {
        return scenario;
    }

    /** The line of the config's {@code peers} key, for errors that compare a parameter with it. */
    public int peersLine() {
        return peersLine;
    }

    /** A parameter's value, or its default; an error names the key when it is missing or not allowed. */
    public <T> T get(Key<T> key) {
        return section.get(key);
    }

    /** A parameter's value, or {@code fallback} (written as in YAML) when absent: for a default that depends on the scenario. */
    public <T> T get(Key<T> key, String fallback) {
        return section.get(key, fallback);
    }

    /** Whether the entry sets a key. */
    public boolean has(Key<?> key) {
        return section.has(key);
    }

    /** An error about a key of the entry: {@code file:line: protocols[i].key: message}; throw it. */
    public ConfigError error(Key<?> key, String message) {
        return section.error(key, message);
    }

    /** An error about a key of the entry by its name, such as {@code type}; throw it. */
    public ConfigError error(String key, String message) {
        return section.error(key, message);
    }

    /**
     * Checks that the scenario sets {@code timing.horizon}: an asynchronous protocol runs until it; the error names
     * {@code key} (such as {@code type} or {@code mode}).
     */
    public void requireHorizon(String key) {
        if (Double.isInfinite(scenario.timing().horizon())) {
            throw error(key, "an asynchronous protocol runs until the horizon; set one, e.g. timing: {horizon: 60s}");
        }
    }
}
