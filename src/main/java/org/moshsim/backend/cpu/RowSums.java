package org.moshsim.backend.cpu;

import java.util.Arrays;

/** The float64 row sums of the CPU backend's averaging and mixing, in the order both backends share. */
final class RowSums {
    private RowSums() {
    }

    /**
     * {@code sum[j] = x[m_0][from + j] + x[m_1][from + j] + ...} over the rows {@code members[first .. last - 1]} of x,
     * added in float64 strictly in member order (four rows per pass over the sums, which keeps that order:
     * Java never reassociates floating-point addition).
     */
    static void sumRows(Rows x, int[] members, int first, int last, int from, int length, double[] sum) {
        float[] a = x.block(members[first]);
        int oa = x.offset(members[first]) + from;
        for (int j = 0; j < length; j++) {
            sum[j] = a[oa + j];
        }
        int k = first + 1;
        for (; k + 3 < last; k += 4) {
            a = x.block(members[k]);
            oa = x.offset(members[k]) + from;
            float[] b = x.block(members[k + 1]);
            int ob = x.offset(members[k + 1]) + from;
            float[] c = x.block(members[k + 2]);
            int oc = x.offset(members[k + 2]) + from;
            float[] d = x.block(members[k + 3]);
            int od = x.offset(members[k + 3]) + from;
            for (int j = 0; j < length; j++) {
                sum[j] = sum[j] + a[oa + j] + b[ob + j] + c[oc + j] + d[od + j];
            }
        }
        for (; k < last; k++) {
            a = x.block(members[k]);
            oa = x.offset(members[k]) + from;
            for (int j = 0; j < length; j++) {
                sum[j] += a[oa + j];
            }
        }
    }

    /**
     * {@code sum[j] = 0 + w_k x[s_k][from + j] + ...} over the entries k in [first, last), in entry order, in float64,
     * where x is {@code sent} (decoded rows) for every source but {@code self}, whose exact row is read from the values
     * (with no codec, sent is the values and self -1).
     */
    static void weightedSum(Rows values, Rows sent, int self, int[] sources, double[] weights, int first, int last, int from,
                            int length, double[] sum) {
        Arrays.fill(sum, 0, length, 0.0);
        int k = first;
        for (; k + 1 < last; k += 2) {
            Rows ra = sources[k] == self ? values : sent;
            Rows rb = sources[k + 1] == self ? values : sent;
            float[] a = ra.block(sources[k]);
            int oa = ra.offset(sources[k]) + from;
            float[] b = rb.block(sources[k + 1]);
            int ob = rb.offset(sources[k + 1]) + from;
            double wa = weights[k];
            double wb = weights[k + 1];
            for (int j = 0; j < length; j++) {
                sum[j] = sum[j] + wa * a[oa + j] + wb * b[ob + j];
            }
        }
        if (k < last) {
            Rows ra = sources[k] == self ? values : sent;
            float[] a = ra.block(sources[k]);
            int oa = ra.offset(sources[k]) + from;
            double wa = weights[k];
            for (int j = 0; j < length; j++) {
                sum[j] += wa * a[oa + j];
            }
        }
    }
}
