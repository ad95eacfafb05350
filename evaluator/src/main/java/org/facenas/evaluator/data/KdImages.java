package org.facenas.evaluator.data;

import java.util.List;

/**
 * Faces a teacher labels for KD-only training rows, with the keys its embeddings are looked up by ({@code keys.get(i)}
 * is image i of {@code images}; the identity labels are not used).
 */
public record KdImages(FaceTensors images, List<String> keys) {

    public KdImages {
        keys = List.copyOf(keys);
        if (keys.size() != images.count()) {
            throw new IllegalArgumentException(keys.size() + " keys for " + images.count() + " KD images");
        }
    }
}
