package org.moshsim.plan;

import java.lang.reflect.Array;
import java.util.function.IntFunction;

/**
 * The arrays of one part of a builder's last few plans (its offsets, say), handed out again by length: a protocol whose
 * rounds cycle through a few shapes (Moshpit's axes of different sides) allocates nothing once it has seen each one.
 */
final class RecentArrays<A> {
    private static final int KEPT = 4;
    private final IntFunction<A> create;
    private final Object[] kept = new Object[KEPT];
    private int oldest;

    RecentArrays(IntFunction<A> create) {
        this.create = create;
    }

    /** A kept array of this length, or a new one that replaces the oldest. */
    @SuppressWarnings("unchecked")
    A take(int length) {
        for (Object array : kept) {
            if (array != null && Array.getLength(array) == length) {
                return (A) array;
            }
        }
        A fresh = create.apply(length);
        kept[oldest] = fresh;
        oldest = (oldest + 1) % KEPT;
        return fresh;
    }
}
