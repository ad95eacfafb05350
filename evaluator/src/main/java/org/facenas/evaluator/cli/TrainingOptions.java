package org.facenas.evaluator.cli;

import org.facenas.records.proxy.ProxySettings;
import picocli.CommandLine.Option;

/**
 * The options of every full training ({@code train}, {@code retrain}, {@code teacher train}), spelled one way, as a
 * picocli mixin: how long, in what batches, on how much of the training set. ({@code evaluate}'s --epochs and --batch
 * override a proxy's instead and have no defaults of their own.)
 */
public final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", required = true, description = "training epochs (no default)")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--identities", paramLabel = "N", defaultValue = "0", description = "train on the first N identities (default all)")
    int identities;

    @Option(names = "--images-per-identity", paramLabel = "N", defaultValue = "0", description = "at most this many images each (default all)")
    int imagesPerIdentity;

    /** Full training for --epochs in --batch batches on the chosen identities; an error below one epoch. */
    public ProxySettings.Builder fullTraining() {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs);
        }
        return ProxySettings.fullTraining(epochs).derive().batchSize(batch).trainSubset(identities, imagesPerIdentity);
    }
}
