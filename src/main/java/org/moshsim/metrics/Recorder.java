package org.moshsim.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.moshsim.Measure;

/** Collects one run's measurements as they happen. */
public final class Recorder {
    private final List<Measure> measures;
    private double[][] columns;
    private int size;

    /** A recorder of the mse, as averaging runs measure. */
    public Recorder() {
        this(List.of(Measure.MSE));
    }

    public Recorder(List<Measure> measures) {
        this.measures = List.copyOf(measures);
        this.columns = new double[4 + measures.size()][64];
    }

    /** Records a measurement: the (effective) round, simulated seconds, bytes so far in total and at the busiest peer, the measures. */
    public void record(double round, double time, double bytes, double bytesPeerMax, double... values) {
        if (values.length != measures.size()) {
            throw new IllegalArgumentException("expected " + measures.size() + " values, one per measure");
        }
        if (size == columns[0].length) {
            for (int c = 0; c < columns.length; c++) {
                columns[c] = Arrays.copyOf(columns[c], 2 * size);
            }
        }
        columns[0][size] = round;
        columns[1][size] = time;
        columns[2][size] = bytes;
        columns[3][size] = bytesPeerMax;
        for (int m = 0; m < values.length; m++) {
            columns[4 + m][size] = values[m];
        }
        size++;
    }

    public int size() {
        return size;
    }

    /** The measurements so far, identified by nothing yet (see {@link Series#identified}), with no stop recorded. */
    public Series series() {
        return series(Series.Stop.UNRECORDED);
    }

    /** The measurements of a run that stopped for {@code stop}, identified by nothing yet (see {@link Series#identified}). */
    public Series series(Series.Stop stop) {
        double[][] values = new double[measures.size()][];
        for (int m = 0; m < values.length; m++) {
            values[m] = Arrays.copyOf(columns[4 + m], size);
        }
        return new Series(Map.of(), "", -1, Arrays.copyOf(columns[0], size), Arrays.copyOf(columns[1], size),
                Arrays.copyOf(columns[2], size), Arrays.copyOf(columns[3], size), measures, values, stop);
    }
}
