package org.moshsim;

/**
 * The user's input cannot be run: a bad config, a missing file, a size that does not fit.
 * The CLI prints the message as one line and exits with status 2; nothing is written.
 */
public class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInput(String message) {
        super(message);
    }
}
