package org.facenas.evaluator.data;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.facenas.evaluator.score.PairCosines;

/**
 * One verification set as a proxy scores it: its distinct images at the proxy's input size, held as resized 8-bit RGB
 * (a quarter of float arrays; made floats exactly when read, as training images are), their encoded bytes (the
 * teacher embeds those), and the pairs as indices into them.
 *
 * @param name    the set's file name ({@code lfw.bin}, {@code pairsDevTest.txt}): how results name it
 * @param file    the set's absolute path
 * @param pixels  distinct images, resized, in the order {@code pairs} indexes
 * @param encoded the same images' encoded bytes
 */
public record VerificationSet(String name, String file, FaceTensors.Pixels pixels, List<byte[]> encoded, PairCosines pairs) {

    public VerificationSet {
        encoded = List.copyOf(encoded);
        if (pixels.count() != encoded.size()) {
            throw new IllegalArgumentException(name + ": " + pixels.count() + " images but " + encoded.size() + " encoded");
        }
    }

    /** The images as preprocessed CHW floats, each made when read (nothing is held beyond {@link #pixels}). */
    public List<float[]> images() {
        return new Chw(pixels);
    }

    private static final class Chw extends AbstractList<float[]> implements RandomAccess {
        private final FaceTensors.Pixels pixels;

        Chw(FaceTensors.Pixels pixels) {
            this.pixels = pixels;
        }

        @Override
        public float[] get(int i) {
            return pixels.chw(i);
        }

        @Override
        public int size() {
            return pixels.count();
        }
    }
}
