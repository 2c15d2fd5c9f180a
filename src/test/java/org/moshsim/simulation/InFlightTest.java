package org.moshsim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table of exchanges in flight: one record per exchange, ids reused once finished. */
class InFlightTest {
    @Test
    void finishedIdsAreGivenOutAgain() {
        InFlight table = new InFlight();
        InFlight.Exchange[] started = new InFlight.Exchange[40];
        int[] ids = new int[40];
        Set<Integer> distinct = new HashSet<>();
        for (int k = 0; k < 40; k++) {
            started[k] = new InFlight.Exchange(new int[] {k, k + 1}, k % 3 == 0, k, 0);
            ids[k] = table.start(started[k]);
            distinct.add(ids[k]);
        }
        assertEquals(40, distinct.size(), "exchanges in flight have distinct ids");
        assertEquals(40, table.size());
        for (int k = 0; k < 40; k += 2) {
            assertSame(started[k], table.finish(ids[k]));
        }
        assertEquals(20, table.size());
        Set<Integer> reused = new HashSet<>();
        for (int k = 0; k < 20; k++) {
            reused.add(table.start(InFlight.Exchange.pair(new int[] {0, 1}, false)));
        }
        for (int k = 0; k < 40; k += 2) {
            assertTrue(reused.contains(ids[k]), "id " + ids[k] + " is reused");
        }
        assertEquals(40, table.size());
        assertThrows(IllegalArgumentException.class, () -> table.finish(40));
    }

    @Test
    void aPairIsAnExchangeOfNoWindow() {
        InFlight table = new InFlight();
        int id = table.start(InFlight.Exchange.pair(new int[] {3, 8}, true));
        InFlight.Exchange pair = table.finish(id);
        assertTrue(pair.pairwise());
        assertTrue(pair.failed());
        assertFalse(new InFlight.Exchange(new int[] {1, 2}, false, 0, 4).pairwise());
        assertThrows(IllegalArgumentException.class, () -> table.finish(id), "finished once");
    }
}
