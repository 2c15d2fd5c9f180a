package org.moshsim.simulation;

import java.util.ArrayList;
import java.util.List;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Evaluation;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.Task;
import org.moshsim.plan.Plan;

/** A backend that only records the plans it is asked to apply, in order. */
final class RecordingBackend implements Backend {
    final List<Plan> applied = new ArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public String device() {
        return "none";
    }

    @Override
    public void allocate(int peers, int dim) {
    }

    @Override
    public void fillNormal(long seed, double mean, double std) {
    }

    @Override
    public void fillUniform(long seed, double low, double high) {
    }

    @Override
    public void broadcast(float[] row) {
    }

    @Override
    public void load(Task task) {
    }

    @Override
    public Evaluation evaluate() {
        throw new UnsupportedOperationException("a recording backend holds no model");
    }

    @Override
    public void markReference() {
    }

    @Override
    public void apply(Plan plan) {
        applied.add(plan);
    }

    @Override
    public double meanSquaredError() {
        throw new UnsupportedOperationException("a recording backend holds no values");
    }

    @Override
    public Snapshot snapshot() {
        throw new UnsupportedOperationException("a recording backend holds no values");
    }

    @Override
    public void close() {
    }
}
