package org.moshsim.study;

import java.util.function.IntConsumer;

/** Counts a study's finished runs for a progress display. */
final class Progress {
    private final IntConsumer listener;
    private int finished;

    Progress(IntConsumer listener) {
        this.listener = listener;
    }

    /** One more run done. */
    void done() {
        listener.accept(++finished);
    }
}
