package org.facenas.search;

import java.io.PrintStream;
import java.util.Locale;
import org.facenas.records.CandidateResult;
import org.facenas.results.Metric;

/** The console lines of a search: one per finished candidate, one per generation, with best so far and an ETA. */
final class SearchProgress {

    private final PrintStream out;
    private final int generations;
    private final long runStart = System.nanoTime();
    private long generation;
    private long generationStart;
    private int submitted;
    private int done;
    private int cacheHits;
    private int generationsDone;
    private double best = Double.NaN;
    private final Metric quality;

    SearchProgress(PrintStream out, int generations, double bestSoFar) {
        this(out, generations, bestSoFar, Metric.ACCURACY);
    }

    /** @param quality the run's quality score: what each line shows first and "best" tracks */
    SearchProgress(PrintStream out, int generations, double bestSoFar, Metric quality) {
        this.quality = quality;
        this.out = out;
        this.generations = generations;
        this.best = bestSoFar;
    }

    synchronized void startGeneration(long g) {
        generation = g;
        generationStart = System.nanoTime();
        submitted = 0;
        done = 0;
        cacheHits = 0;
    }

    synchronized void submitted(int n) {
        submitted += n;
        out.printf(Locale.ROOT, "[gen %d/%d] %d new candidates to Spark%n", generation, generations, n);
    }

    /** Candidates started one at a time (an asynchronous search), counted without a line each. */
    synchronized void queued(int n) {
        submitted += n;
    }

    synchronized void cacheHits(int n) {
        cacheHits += n;
    }

    synchronized void finished(CandidateResult r, String executor) {
        done++;
        // a zero-cost rung's scores are not the search's quality score
        if (r.zeroCost() == null && quality.scored(r) && !(quality.value(r) <= best)) {
            best = quality.value(r);
        }
        double elapsed = (System.nanoTime() - generationStart) / 1e9;
        // asynchronous runs finish in one generation what started in the last: no negative ETA
        double eta = done == 0 ? Double.NaN : elapsed / done * Math.max(0, submitted - done);
        String score = r.zeroCost() != null ? r.zeroCost().ranking() + " " + (quality.scored(r)
                ? String.format(Locale.ROOT, "%.4g", quality.value(r)) : "n/a") + " "
                : quality == Metric.ACCURACY ? "" : "auc " + (quality.scored(r)
                ? String.format(Locale.ROOT, "%.4f", quality.value(r)) : "  n/a ") + " ";
        out.printf(Locale.ROOT, "[gen %d/%d] %d/%d %s %sacc %s  %.1f MFLOPs  %,d params  %.0f s train  on %s | best %.4f | generation ETA %s%n",
                generation, generations, done, submitted, r.ok() ? "ok    " : "FAILED", score,
                r.accuracy() == null ? "  n/a " : String.format(Locale.ROOT, "%.4f", r.accuracy()), r.mflops(), r.params(),
                r.trainSeconds(), executor, best, duration(eta));
        if (!r.ok()) {
            out.println("    " + r.blockString() + ": " + r.failure());
        }
    }

    /** @param note more of the generation's record, e.g. ", predictor tau 0.40 on 4" */
    synchronized void endGeneration(int populationSize, int frontSize, double hypervolume, String note) {
        generationsDone++;
        double perGeneration = (System.nanoTime() - runStart) / 1e9 / generationsDone;
        out.printf(Locale.ROOT, "[gen %d/%d] done in %s: %d trained, %d reused; population %d, front %d, hypervolume %.3f, best %.4f%s | run ETA %s%n",
                generation, generations, duration((System.nanoTime() - generationStart) / 1e9), done, cacheHits, populationSize,
                frontSize, hypervolume, best, note, duration(perGeneration * Math.max(0, generations - generation)));
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
