package org.facenas.cli;

import java.io.PrintStream;

/**
 * Keeps standard output for a command's result while work that prints to {@code System.out} runs (ND4J's
 * SameDiff announces every op it differentiates there): until closed, {@code System.out} goes to stderr.
 */
public final class StdoutReservation implements AutoCloseable {

    private final PrintStream stdout;

    private StdoutReservation() {
        this.stdout = System.out;
        System.setOut(System.err);
    }

    public static StdoutReservation begin() {
        return new StdoutReservation();
    }

    @Override
    public void close() {
        System.setOut(stdout);
    }
}
