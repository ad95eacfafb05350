package org.facenas.search;

import java.util.function.IntSupplier;

/**
 * A search piece's limit ({@code search --stop-after}): tasks are handed to Spark only as its slots free, so that
 * after the limit none starts, while those already training finish and are recorded. Shared by every wave of a
 * search (a generation's candidates and the promotions training beside them), so that together they never hold
 * more than the slots and no task waits in Spark's queue past the limit.
 */
final class TaskGate {

    /** Thrown out of a batch cut short by the gate: its generation is not complete, and --resume repeats it. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped starting candidates (--stop-after)", null, false, false);
        }
    }

    private final IntSupplier slots;
    private int inFlight;
    private final long startNanos;
    private final double seconds;
    private volatile boolean stopped;

    /** @param slots how many tasks may train at once, asked each time (executors may register after the start) */
    TaskGate(IntSupplier slots, long startNanos, double seconds) {
        this.slots = slots;
        this.startNanos = startNanos;
        this.seconds = seconds;
    }

    /** Whether a task may start now: before the limit (once it is past, never again). */
    boolean open() {
        if (!stopped && (System.nanoTime() - startNanos) / 1e9 >= seconds) {
            stopped = true;
        }
        return !stopped;
    }

    /** Takes a slot for a task about to be handed to Spark; false when none is free or the limit is past. */
    synchronized boolean tryStart() {
        if (!open() || inFlight >= Math.max(1, slots.getAsInt())) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Gives back the slot of a task that finished. */
    synchronized void finished() {
        inFlight--;
    }

    /** Whether the limit has passed, so some work may not have started. */
    boolean stopped() {
        return stopped;
    }

    double seconds() {
        return seconds;
    }
}
