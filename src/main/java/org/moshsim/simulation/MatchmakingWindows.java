package org.moshsim.simulation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The matchmaking windows open in an asynchronous run (hivemind: peers waiting under one group key in the DHT), by
 * bucket and by number. The first peer ready in a bucket opens its window; later ones join it; the run closes it when
 * its time is up or it is full. Windows are numbered in the order they open: the number seeds the groups that form.
 */
final class MatchmakingWindows {
    /** One open window: its number, its bucket and the peers that joined, in the order they did. */
    static final class Window {
        private final int number;
        private final long bucket;
        private int[] peers = new int[4];
        private int size;

        private Window(int number, long bucket) {
            this.number = number;
            this.bucket = bucket;
        }

        int number() {
            return number;
        }

        /** The peers that joined, in {@code peers()[0 .. size() - 1]}. */
        int[] peers() {
            return peers;
        }

        int size() {
            return size;
        }
    }

    private final Map<Long, Window> byBucket = new HashMap<>();
    private final Map<Integer, Window> byNumber = new HashMap<>();
    private int opened;

    /** The bucket's open window, or null when none is. */
    Window openIn(long bucket) {
        return byBucket.get(bucket);
    }

    /** Opens the bucket's next window (none may be open in it) and returns it. */
    Window open(long bucket) {
        if (byBucket.containsKey(bucket)) {
            throw new IllegalStateException("bucket " + bucket + " has an open window already");
        }
        Window window = new Window(opened++, bucket);
        byBucket.put(bucket, window);
        byNumber.put(window.number, window);
        return window;
    }

    /** Adds a peer to an open window; returns how many peers it holds now. */
    int join(Window window, int peer) {
        if (window.size == window.peers.length) {
            window.peers = Arrays.copyOf(window.peers, 2 * window.size);
        }
        window.peers[window.size++] = peer;
        return window.size;
    }

    /** Closes window {@code number} and returns it, or null when it closed already (it filled up before its time). */
    Window close(int number) {
        Window window = byNumber.remove(number);
        if (window != null) {
            byBucket.remove(window.bucket);
        }
        return window;
    }

    /** How many windows are open. */
    int openCount() {
        return byNumber.size();
    }
}
