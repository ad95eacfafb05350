package org.facenas.evaluator.train;

/** What a proxy training run did: steps, images seen, wall time and the loss of the last step. */
public record TrainStats(int steps, long images, double seconds, double finalLoss) {
    /** Two consecutive trainings of one network as one (null counts as nothing). */
    public static TrainStats sum(TrainStats a, TrainStats b) {
        if (a == null) {
            return b;
        }
        return new TrainStats(a.steps() + b.steps(), a.images() + b.images(), a.seconds() + b.seconds(), b.finalLoss());
    }

    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
