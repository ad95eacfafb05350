package org.facenas.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PeakRssTest {

    @Test
    void readsVmHwmInMebibytes() {
        assertEquals(OptionalLong.of(2048), PeakRss.parse(List.of("Name:\tjava", "VmPeak:\t 9999999 kB", "VmHWM:\t 2097152 kB", "VmRSS:\t 1 kB")));
        assertEquals(OptionalLong.empty(), PeakRss.parse(List.of("Name:\tjava")));
    }

    @Test
    void thisProcessHasAPeakAtLeastItsHeapInUse() {
        OptionalLong peak = PeakRss.mebibytes();
        assertTrue(peak.isPresent(), "Linux reports VmHWM");
        Runtime rt = Runtime.getRuntime();
        assertTrue(peak.getAsLong() >= (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024), "peak " + peak.getAsLong());
    }
}
