package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The open matchmaking windows, by bucket and by number. */
class MatchmakingWindowsTest {
    @Test
    void peersJoinTheirBucketsOpenWindowInOrder() {
        MatchmakingWindows windows = new MatchmakingWindows();
        assertNull(windows.openIn(7));
        MatchmakingWindows.Window seven = windows.open(7);
        MatchmakingWindows.Window three = windows.open(3);
        assertEquals(0, seven.number());
        assertEquals(1, three.number());
        assertSame(seven, windows.openIn(7));
        for (int peer = 10; peer < 15; peer++) {
            assertEquals(peer - 9, windows.join(seven, peer), "the window grows past its first array");
        }
        windows.join(three, 2);
        assertArrayEquals(new int[] {10, 11, 12, 13, 14}, Arrays.copyOf(seven.peers(), seven.size()));
        assertEquals(2, windows.openCount());
        assertThrows(IllegalStateException.class, () -> windows.open(7), "one open window per bucket");
    }

    /** A window that filled up closed early: its timer, when it fires, finds nothing; the bucket opens a new one. */
    @Test
    void aWindowClosesOnceAndItsBucketOpensANewOne() {
        MatchmakingWindows windows = new MatchmakingWindows();
        MatchmakingWindows.Window first = windows.open(5);
        windows.join(first, 1);
        assertSame(first, windows.close(first.number()));
        assertNull(windows.close(first.number()));
        assertNull(windows.openIn(5));
        MatchmakingWindows.Window second = windows.open(5);
        assertEquals(1, second.number(), "numbers keep counting: each seeds its own groups");
        assertEquals(0, second.size());
        assertEquals(1, windows.openCount());
    }
}
