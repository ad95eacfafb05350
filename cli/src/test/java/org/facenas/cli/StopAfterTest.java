package org.facenas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StopAfterTest {

    @Test
    void noLimitRunsEverything() {
        assertEquals(Double.POSITIVE_INFINITY, StopAfter.seconds(null));
    }

    @Test
    void aPositiveLimitIsKept() {
        assertEquals(0.5, StopAfter.seconds(0.5));
        assertEquals(3600.0, StopAfter.seconds(3600.0));
    }

    @Test
    void zeroNegativeAndNaNAreOneLineErrorsNamingTheOption() {
        for (double bad : new double[] {0, -5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StopAfter.seconds(bad));
            assertTrue(e.getMessage().startsWith("--stop-after must be a positive number of seconds, not "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }
}
