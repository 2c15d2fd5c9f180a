package org.moshsim.config;

import java.util.List;

/**
 * What a config entry of one protocol type holds and how it is read: the half of
 * {@link org.moshsim.protocol.ProtocolType} that the config reader uses (config never depends on protocols).
 */
public interface ProtocolDefinition {
    /** The word a config names the type by, {@code type: NAME}: lowercase words joined by '-', such as {@code push-sum}. */
    String name();

    /** What the protocol does, in one line, for the reference and {@code moshsim protocols}. */
    String meaning();

    /** The entry's own keys (its parameters), in the order the reference lists them; every key it reads must be here. */
    List<Key<?>> keys();

    /**
     * Reads and checks an entry of this type against its point's scenario; throws the entry's one-line errors
     * ({@link ProtocolEntry#error(Key, String)}) for bad values.
     */
    ProtocolSpec read(ProtocolEntry entry);
}
