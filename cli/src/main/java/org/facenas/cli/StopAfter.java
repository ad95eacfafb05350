package org.facenas.cli;

/**
 * The one check of {@code --stop-after SECONDS}, which every command that starts trainings one by one (search,
 * bench proxy, confirm, retrain) takes with its own wording: a positive number of seconds, or none (run everything).
 */
public final class StopAfter {

    private StopAfter() {
    }

    /** The limit in seconds, infinite when {@code --stop-after} was not given; an error when it is not positive. */
    public static double seconds(Double stopAfter) {
        if (stopAfter == null) {
            return Double.POSITIVE_INFINITY;
        }
        if (!(stopAfter > 0)) {
            throw new IllegalArgumentException("--stop-after must be a positive number of seconds, not " + stopAfter);
        }
        return stopAfter;
    }
}
