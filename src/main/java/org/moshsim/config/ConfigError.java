package org.moshsim.config;

import org.moshsim.BadInput;

/** A config that cannot be run, with the place to fix: {@code file:line: key: problem; allowed}. */
public final class ConfigError extends BadInput {
    private static final long serialVersionUID = 1L;

    private final int line;

    ConfigError(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line the error points at. */
    public int line() {
        return line;
    }
}
