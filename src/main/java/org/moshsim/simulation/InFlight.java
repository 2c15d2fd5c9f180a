package org.moshsim.simulation;

import java.util.Arrays;

/**
 * The exchanges under way in an asynchronous run, by id: the id goes into the event that ends the exchange. Ids of
 * finished exchanges are reused, so that a long run holds only what is in flight.
 */
final class InFlight {
    /**
     * An exchange under way: its members, whether it fails (a member failed or leaves before it ends), and the window
     * and group number it formed in; window -1 marks an AD-PSGD pair, whose first member alone waits for it.
     */
    record Exchange(int[] members, boolean failed, int window, int group) {
        /** An AD-PSGD pair's exchange. */
        static Exchange pair(int[] members, boolean failed) {
            return new Exchange(members, failed, -1, -1);
        }

        /** Whether the exchange is an AD-PSGD pair's, whose passive partner keeps computing meanwhile. */
        boolean pairwise() {
            return window < 0;
        }
    }

    private Exchange[] exchanges = new Exchange[16];
    private int[] free = new int[16];
    private int freeCount;
    private int used;
    private int size;

    /** Adds an exchange; returns its id. */
    int start(Exchange exchange) {
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else {
            if (used == exchanges.length) {
                exchanges = Arrays.copyOf(exchanges, 2 * used);
                free = Arrays.copyOf(free, 2 * used);
            }
            id = used++;
        }
        exchanges[id] = exchange;
        size++;
        return id;
    }

    /** Removes the exchange with this id and returns it; its id may be given out again. */
    Exchange finish(int id) {
        Exchange exchange = exchanges[id];
        if (exchange == null) {
            throw new IllegalArgumentException("no exchange " + id + " is in flight");
        }
        exchanges[id] = null;
        free[freeCount++] = id;
        size--;
        return exchange;
    }

    /** How many exchanges are in flight. */
    int size() {
        return size;
    }
}
