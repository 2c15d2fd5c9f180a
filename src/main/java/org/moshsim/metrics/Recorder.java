package org.moshsim.metrics;

import java.util.Arrays;
import java.util.Map;

/** Collects one run's measurements as they happen. */
public final class Recorder {
    private double[][] columns = new double[5][64];
    private int size;

    /** Records a measurement: the (effective) round, simulated seconds, bytes so far in total and at the busiest peer, mse. */
    public void record(double round, double time, double bytes, double bytesPeerMax, double mse) {
        if (size == columns[0].length) {
            for (int c = 0; c < columns.length; c++) {
                columns[c] = Arrays.copyOf(columns[c], 2 * size);
            }
        }
        columns[0][size] = round;
        columns[1][size] = time;
        columns[2][size] = bytes;
        columns[3][size] = bytesPeerMax;
        columns[4][size] = mse;
        size++;
    }

    public int size() {
        return size;
    }

    /** The measurements so far, identified by nothing yet (see {@link Series#identified}). */
    public Series series() {
        return new Series(Map.of(), "", -1, Arrays.copyOf(columns[0], size), Arrays.copyOf(columns[1], size),
                Arrays.copyOf(columns[2], size), Arrays.copyOf(columns[3], size), Arrays.copyOf(columns[4], size));
    }
}
