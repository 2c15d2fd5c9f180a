package org.moshsim.config;

import java.util.List;

/**
 * The keys of one mapping of a config, in the order the reference lists them: the top level, a section such as
 * {@code swarm}, a form a value may take (a distribution, a codec), or a protocol type's entry.
 *
 * @param path where the mapping is, as errors name it: {@code swarm}, {@code protocols[]}, {@code compression}
 * @param title what the mapping is, for the reference's heading (e.g. {@code type: moshpit})
 * @param meaning what it is for, in a sentence or two
 * @param keys its keys; a name may appear twice under different conditions
 */
public record KeySet(String path, String title, String meaning, List<Key<?>> keys) {
    /** Keeps a copy of the keys. */
    public KeySet {
        keys = List.copyOf(keys);
    }

    /** Whether {@code key} is one of this set's keys (by its name: a reader may word a key's range for the case at hand). */
    public boolean holds(Key<?> key) {
        return keys.stream().anyMatch(k -> k.name().equals(key.name()));
    }

    /** The same keys, followed by {@code more}. */
    public KeySet plus(List<Key<?>> more) {
        List<Key<?>> all = new java.util.ArrayList<>(keys);
        all.addAll(more);
        return new KeySet(path, title, meaning, all);
    }
}
