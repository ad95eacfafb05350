package org.facenas.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The learned predictors of an architecture's score a config ({@code predictor.model}) or {@code bench predictor
 * --model} may name: a closed choice, each fitted by {@code org.facenas.search.predictor.ArchitecturePredictor}.
 */
public enum PredictorModel {
    /** A Tribuo random forest: 100 CART trees, each split choosing among half of the features, averaged. */
    FOREST;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PredictorModel parse(String name) {
        for (PredictorModel m : values()) {
            if (m.key().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown predictor model '" + name + "': use "
                + Arrays.stream(values()).map(PredictorModel::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key();
    }
}
