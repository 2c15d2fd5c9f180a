package org.moshsim.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * hivemind's load balancing for butterfly all-reduce in a group of n (Moshpit SGD, App. B): member i reduces a
 * share w_i of the vector, so it sends (1 + (n - 2) w_i) S bytes: its vector but its own share to the others,
 * then its reduced share to all of them. The exchange takes S xi seconds for the least xi with
 * (1 + (n - 2) w_i) / b_i <= xi for every member, sum w_i = 1, w_i >= 0: a linear program, solved by
 * commons-math3's simplex.
 */
final class LoadBalancing {
    private static final int CACHE = 4096;

    /** The shares and the seconds per byte of payload. */
    public record Solution(double[] shares, double secondsPerByte) {
    }

    /**
     * LP solutions by the group's bandwidths in increasing order, shared by all runs: groups of equal links
     * recur within and across runs, and the simplex is the costliest step of pricing.
     */
    private static final Map<BandwidthKey, Solution> SOLUTIONS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BandwidthKey, Solution> eldest) {
            return size() > CACHE;
        }
    };

    private record BandwidthKey(double[] sorted) {
        @Override
        public boolean equals(Object other) {
            return other instanceof BandwidthKey key && Arrays.equals(sorted, key.sorted);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sorted);
        }
    }

    private LoadBalancing() {
    }

    /** {@link #solve}'s solution for bandwidths in increasing order, from the cache shared by all runs. */
    static Solution cached(double[] sorted) {
        BandwidthKey key = new BandwidthKey(sorted);
        synchronized (SOLUTIONS) {
            Solution cached = SOLUTIONS.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Solution solved = solve(sorted);
        synchronized (SOLUTIONS) {
            SOLUTIONS.put(key, solved);
        }
        return solved;
    }

    /** Solves the LP for members with the given bandwidths (bytes per second). */
    public static Solution solve(double[] bandwidth) {
        int n = bandwidth.length;
        if (n < 2) {
            throw new IllegalArgumentException("a group has at least two members");
        }
        // Bandwidths relative to the fastest keep the simplex's coefficients near 1.
        double fastest = 0;
        for (double b : bandwidth) {
            fastest = Math.max(fastest, b);
        }
        double[] objective = new double[n + 1];
        objective[n] = 1;
        List<LinearConstraint> constraints = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            double[] row = new double[n + 1];
            row[i] = n - 2;
            row[n] = -bandwidth[i] / fastest;
            constraints.add(new LinearConstraint(row, Relationship.LEQ, -1));
        }
        double[] sum = new double[n + 1];
        java.util.Arrays.fill(sum, 0, n, 1.0);
        constraints.add(new LinearConstraint(sum, Relationship.EQ, 1));
        PointValuePair optimum = new SimplexSolver().optimize(new MaxIter(1000), new LinearObjectiveFunction(objective, 0),
                new LinearConstraintSet(constraints), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        double[] point = optimum.getPoint();
        return new Solution(java.util.Arrays.copyOf(point, n), point[n] / fastest);
    }

    /**
     * The LP's optimum in closed form: xi = max((2n - 2) / sum b, 1 / min b). When the first term is the larger,
     * every constraint is tight and w_i = (xi b_i - 1) / (n - 2); otherwise the slowest member, which must send
     * its whole vector anyway, sets the pace.
     */
    public static double secondsPerByte(double[] bandwidth) {
        int n = bandwidth.length;
        double total = 0;
        double slowest = Double.POSITIVE_INFINITY;
        for (double b : bandwidth) {
            total += b;
            slowest = Math.min(slowest, b);
        }
        return Math.max((2.0 * n - 2) / total, 1 / slowest);
    }
}
