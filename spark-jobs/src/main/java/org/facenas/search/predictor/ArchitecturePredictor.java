package org.facenas.search.predictor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.facenas.results.PredictorModel;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * A learned predictor of an architecture's ranking score from its features ({@link ArchitectureFeatures}), fitted on
 * the architectures already scored: a Tribuo random forest of CART regression trees (pure Java; a forest averages
 * away the variance a single tree has on tens of points, and needs no tuning of a learning rate or a number of rounds
 * that a boosted model would on so few).
 */
public final class ArchitecturePredictor {

    /** Fewer scored architectures than this and no predictor is fitted (one- or two-point forests rank at random). */
    public static final int MIN_EXAMPLES = 8;

    /** One scored architecture: its features and its (seed-averaged) score. */
    public record Example(double[] features, double score) {
    }

    private static final String TARGET = "score";

    private final ArchitectureFeatures features;
    private final Model<Regressor> model;
    private final RegressionFactory factory = new RegressionFactory();

    private ArchitecturePredictor(ArchitectureFeatures features, Model<Regressor> model) {
        this.features = features;
        this.model = model;
    }

    /**
     * A predictor fitted on {@code examples}, or empty (with why) when there are fewer than {@link #MIN_EXAMPLES}:
     * the caller then keeps its own order.
     */
    public static Fit fit(PredictorModel kind, ArchitectureFeatures features, List<Example> examples, long seed) {
        if (examples.size() < MIN_EXAMPLES) {
            return new Fit(Optional.empty(), String.format(Locale.ROOT, "predictor not fitted: %d scored architectures, it needs at least %d",
                    examples.size(), MIN_EXAMPLES));
        }
        // Tribuo's bagging logs every tree at INFO: a hundred stderr lines per fit
        java.util.logging.Logger.getLogger(org.tribuo.ensemble.BaggingTrainer.class.getName()).setLevel(java.util.logging.Level.WARNING);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("facenas scored architectures", factory), factory);
        String[] names = features.names().toArray(String[]::new);
        for (Example e : examples) {
            data.add(new ArrayExample<>(new Regressor(TARGET, e.score()), names, e.features()));
        }
        Trainer<Regressor> trainer = switch (kind) {
            case FOREST -> new RandomForestTrainer<>(new CARTRegressionTrainer(Integer.MAX_VALUE, 2f, 0f, 0.5f, false,
                    new MeanSquaredError(), seed), new AveragingCombiner(), 100, seed);
        };
        return new Fit(Optional.of(new ArchitecturePredictor(features, trainer.train(data))), null);
    }

    /** A fitted predictor, or why there is none. */
    public record Fit(Optional<ArchitecturePredictor> predictor, String whyNot) {
    }

    public ArchitectureFeatures features() {
        return features;
    }

    /** The predicted score of an architecture with these features. */
    public double predict(double[] x) {
        String[] names = features.names().toArray(String[]::new);
        return model.predict(new ArrayExample<>(factory.getUnknownOutput(), names, x)).getOutput().getValues()[0];
    }
}
