package org.moshsim.config;

/**
 * A learning rate that follows the global step, the same on every side of a comparison: linear warm-up from 0 over
 * {@code warmup} steps, then constant or linear decay to 0 at step {@code total}, as
 * {@code get_linear_schedule_with_warmup} in the Moshpit authors' ALBERT trainer (run_trainer.py; warm-up 5,000, decay over
 * {@code max_steps}).
 */
public record LearningRateSchedule(int warmup, Decay decay, int total) {
    /** The configured learning rate at every step. */
    public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(0, Decay.NONE, 0);

    public enum Decay { NONE, LINEAR }

    public LearningRateSchedule {
        if (warmup < 0 || decay == Decay.LINEAR && total <= warmup) {
            throw new IllegalArgumentException("warm-up " + warmup + " and total " + total + " do not make a schedule");
        }
    }

    /**
     * The factor on the learning rate of global step {@code step} (from 0): {@code step / warmup} during warm-up (so the
     * first step is at rate 0, as transformers' {@code get_linear_schedule_with_warmup} stepped after each optimizer step
     * does), then 1, or under linear decay {@code (total - step) / (total - warmup)}, 0 from {@code total} on.
     */
    public double factor(int step) {
        if (step < warmup) {
            return (double) step / warmup;
        }
        if (decay == Decay.NONE) {
            return 1;
        }
        return Math.max(0, (double) (total - step) / (total - warmup));
    }
}
