package org.facenas.evaluator.cli;

import org.facenas.records.proxy.ProxySettings;
import org.facenas.records.proxy.Recipe;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code train} and {@code retrain} take beyond {@link TrainingOptions}, as a picocli mixin holding it: the
 * training recipe and how many held-out pairs to score the trained model on.
 */
public final class FullTrainingOptions {

    @Mixin
    TrainingOptions training;

    @Option(names = "--recipe", defaultValue = "adam", paramLabel = "RECIPE",
            description = "adam (the proxies' optimiser: Adam, CosFace s=32) or arcface (arcface_torch's: SGD momentum 0.9, weight decay 5e-4, "
                    + "warm-up then polynomial decay, lr 0.1 per 512 images, ArcFace s=64 m=0.5) (default ${DEFAULT-VALUE})")
    String recipe;

    @Option(names = "--pairs-per-fold", paramLabel = "N", defaultValue = "0", description = "score on this many pairs per fold (default all)")
    int pairsPerFold;

    /** The full training (at 112x112) these options describe, under the chosen recipe; an error for a bad one. */
    public ProxySettings settings() {
        Recipe chosen = Recipe.parse(recipe);
        return chosen.apply(training.fullTraining().pairsPerFold(pairsPerFold).build());
    }
}
