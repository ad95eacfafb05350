package org.facenas.evaluator.train;

/** What a proxy training run did: steps, images seen, wall time and the loss of the last step. */
public record TrainStats(int steps, long images, double seconds, double finalLoss) {
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
