package org.moshsim.simulation;

import org.moshsim.backend.Backend;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.LocalSteps;
import org.moshsim.plan.Plan;
import org.moshsim.training.LocalWork;

/**
 * The plans due at one simulated instant, applied together when simulated time moves on, so that the backend runs all
 * of an instant's work in one pass or one kernel launch (DESIGN, seam 3): the peers' local steps first, then their
 * exchange. A synchronous round hands in its whole exchange; the asynchronous run hands in its completed groups one by
 * one, which become one averaging plan. A peer already in the batch applies it before it joins again, so that its
 * second step or averaging reads its first.
 */
final class InstantBatch {
    private final Backend backend;
    private final Transmission transmission;
    /** The steps collected so far, or null when the peers take none. */
    private final LocalSteps.Builder steps;
    private final GroupAveraging.Builder groups;
    private final boolean[] stepping;
    private final boolean[] averaging;
    private int groupCount;
    /** A synchronous round's exchange, or null. */
    private Plan exchange;
    /** Averaging plans of collected groups applied so far: the asynchronous run's lossy links are numbered by it. */
    private int applied;

    /** A batch for {@code peers} peers whose steps {@code steps} collects (null: none), groups sent by {@code transmission}. */
    InstantBatch(Backend backend, LocalSteps.Builder steps, int peers, Transmission transmission) {
        this.backend = backend;
        this.transmission = transmission;
        this.steps = steps;
        this.groups = new GroupAveraging.Builder(peers);
        this.stepping = new boolean[peers];
        this.averaging = new boolean[peers];
    }

    /** Adds the peer's {@code count} steps of its {@code chunk}-th stretch of {@code work} (nothing when peers take no steps). */
    void step(int peer, LocalWork work, int chunk, int count) {
        if (steps == null) {
            return;
        }
        if (stepping[peer] || averaging[peer]) {
            flush();
        }
        work.addSteps(steps, peer, chunk, count);
        stepping[peer] = true;
    }

    /** Adds a completed group: its members' rows become their mean, after this instant's steps. */
    void average(int[] members) {
        for (int member : members) {
            if (averaging[member]) {
                flush();
                break;
            }
        }
        for (int member : members) {
            groups.add(member);
            averaging[member] = true;
        }
        groups.close();
        groupCount++;
    }

    /** Sets a synchronous round's exchange, applied after its steps (which go in whole, even empty: it reads them). */
    void exchange(Plan plan) {
        exchange = plan;
    }

    /** Averaging plans of collected groups applied so far. */
    int applied() {
        return applied;
    }

    /** Applies what the batch holds: the steps, then the exchange or the collected groups, each as one plan. */
    void flush() {
        if (steps != null && (!steps.isEmpty() || exchange != null)) {
            LocalSteps plan = steps.build();
            steps.clear();
            backend.apply(plan);
            for (int peer : plan.peers()) {
                stepping[peer] = false;
            }
        }
        if (exchange != null) {
            backend.apply(exchange);
            exchange = null;
        }
        if (groupCount > 0) {
            GroupAveraging plan = transmission.sent(groups.build(), applied++);
            groups.clear();
            groupCount = 0;
            backend.apply(plan);
            for (int member : plan.members()) {
                averaging[member] = false;
            }
        }
    }
}
