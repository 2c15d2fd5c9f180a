package org.moshsim.metrics;

import java.util.List;
import java.util.Map;
import org.moshsim.Measure;
import org.moshsim.Target;

/**
 * One run's measurements, oldest first, with what identifies the run: the swept keys' values (key path to
 * text), the protocol's label and the seed. Entry 0 is the initial state. In synchronous runs {@code round}
 * counts rounds; in asynchronous runs it is the effective round, the averagings completed per peer.
 *
 * @param time simulated seconds
 * @param bytes bytes sent by all peers so far
 * @param bytesPeerMax the most bytes any one peer has sent so far
 * @param measures what {@code values} holds, one array per measure; the first is the one targets refer to by default
 * @param stop why the run stopped: a target it never reached is censored there
 */
public record Series(Map<String, String> coordinates, String protocol, int seed, double[] round, double[] time, double[] bytes,
                     double[] bytesPeerMax, List<Measure> measures, double[][] values, Stop stop) {
    /** Why a run stopped, as its {@code stopped_by} column says. */
    public enum Stop {
        /** Its {@code rounds}, before the time horizon (or without one). */
        ROUNDS("rounds"),
        /** Its {@code timing.horizon}. */
        HORIZON("horizon"),
        /** Not recorded: a metrics.csv written before moshsim recorded it. */
        UNRECORDED("");

        private final String column;

        Stop(String column) {
            this.column = column;
        }

        /** The word in metrics.csv. */
        public String column() {
            return column;
        }

        /** The stop a metrics.csv word names; unrecorded for an empty or unknown one. */
        public static Stop ofColumn(String word) {
            for (Stop stop : values()) {
                if (stop.column.equals(word)) {
                    return stop;
                }
            }
            return UNRECORDED;
        }
    }

    /** A series whose stop is not recorded. */
    public Series(Map<String, String> coordinates, String protocol, int seed, double[] round, double[] time, double[] bytes,
                  double[] bytesPeerMax, List<Measure> measures, double[][] values) {
        this(coordinates, protocol, seed, round, time, bytes, bytesPeerMax, measures, values, Stop.UNRECORDED);
    }

    /** The number of measurements. */
    public int size() {
        return time.length;
    }

    /** The index of the last measurement. */
    public int last() {
        return time.length - 1;
    }

    /** The values of one measure; throws when the run did not measure it. */
    public double[] values(Measure measure) {
        int k = measures.indexOf(measure);
        if (k < 0) {
            throw new IllegalArgumentException("this run did not measure " + measure.column());
        }
        return values[k];
    }

    /** The mean squared error of an averaging run. */
    public double[] mse() {
        return values(Measure.MSE);
    }

    /** The first index where the target is reached, or -1. */
    public int firstReaching(Target target) {
        double[] v = values(target.measure());
        for (int k = 0; k < v.length; k++) {
            if (target.reachedBy(v[k])) {
                return k;
            }
        }
        return -1;
    }

    /** The series with new coordinates, protocol and seed (the simulation does not know them). */
    public Series identified(Map<String, String> coordinates, String protocol, int seed) {
        return new Series(coordinates, protocol, seed, round, time, bytes, bytesPeerMax, measures, values, stop);
    }
}
