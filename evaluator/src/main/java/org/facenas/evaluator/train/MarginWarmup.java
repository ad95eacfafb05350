package org.facenas.evaluator.train;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;

/**
 * KD-only warm-up: the first {@code steps} batches carry all-zero identity labels, so the margin loss
 * (-sum labels x log p) and its gradient are zero and only the KD output trains. Counts batches across epochs
 * (in the order they are made, which is the order they are trained on).
 */
public final class MarginWarmup implements MultiDataSetPreProcessor {

    private static final long serialVersionUID = 1L;

    private final int steps;
    private int seen;

    public MarginWarmup(int steps) {
        this.steps = steps;
    }

    @Override
    public void preProcess(MultiDataSet batch) {
        if (seen++ < steps) {
            batch.getLabels(0).assign(0);
        }
    }
}
