package org.facenas.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** This process's peak resident memory as Linux reports it (VmHWM in /proc/self/status): Java heap and native memory. */
public final class PeakRss {

    private PeakRss() {
    }

    /** Peak resident set in MiB; empty where /proc/self/status has no VmHWM line (not Linux). */
    public static OptionalLong mebibytes() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The VmHWM line's value ("VmHWM:   123456 kB") in MiB. */
    static OptionalLong parse(Iterable<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmHWM:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(f[0]) / 1024);
            }
        }
        return OptionalLong.empty();
    }
}
