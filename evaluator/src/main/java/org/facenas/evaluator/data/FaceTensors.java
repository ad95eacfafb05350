package org.facenas.evaluator.data;

import java.util.List;

/**
 * Preprocessed face images held in memory, each a CHW float array of {@code 3 x size x size}, with a class label
 * per image (labels are 0..classes-1; -1 for unlabelled scoring images).
 */
public record FaceTensors(int size, List<float[]> images, int[] labels, int classes) {

    public FaceTensors {
        images = List.copyOf(images);
        if (labels.length != images.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.length + " labels");
        }
        int expected = 3 * size * size;
        for (float[] img : images) {
            if (img.length != expected) {
                throw new IllegalArgumentException("image of " + img.length + " values, expected 3x" + size + "x" + size);
            }
        }
    }

    public int count() {
        return images.size();
    }

    /** The horizontal mirror of a CHW image. */
    public static float[] flipped(float[] chw, int size) {
        float[] out = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                int row = (c * size + y) * size;
                for (int x = 0; x < size; x++) {
                    out[row + x] = chw[row + size - 1 - x];
                }
            }
        }
        return out;
    }
}
