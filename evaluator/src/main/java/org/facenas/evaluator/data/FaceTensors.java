package org.facenas.evaluator.data;

import java.util.List;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.image.RgbImage;

/**
 * Training faces with a class label each (labels 0..classes-1). Images are held compactly and become CHW float
 * arrays of {@code 3 x size x size} only when a batch is made: {@link Pixels.Uint8} keeps the resized 8-bit RGB
 * (a quarter of the floats' memory, and the floats are an exact function of it), {@link Pixels.Floats} keeps
 * ready-made float arrays (synthetic data, tests).
 */
public record FaceTensors(int size, Pixels pixels, int[] labels, int classes) {

    /** Where the images live until a batch is made. */
    public sealed interface Pixels {
        int count();

        /** Image {@code i} as a CHW float array. */
        float[] chw(int i);

        /** Bytes this store holds for its images (for memory figures). */
        long heldBytes();

        /** Resized 8-bit RGB (HWC, {@code size x size}) normalised by {@code preprocessing} on the way out. */
        record Uint8(List<byte[]> rgb, int size, FacePreprocessing preprocessing) implements Pixels {
            public Uint8 {
                rgb = List.copyOf(rgb);
                preprocessing = preprocessing.withSize(size).withFlip(false);
                for (byte[] b : rgb) {
                    if (b.length != 3 * size * size) {
                        throw new IllegalArgumentException("image of " + b.length + " bytes, expected 3x" + size + "x" + size);
                    }
                }
            }

            @Override
            public int count() {
                return rgb.size();
            }

            @Override
            public float[] chw(int i) {
                // the same arithmetic as decoding straight to floats: the resize is already done, so apply() only normalises
                return preprocessing.apply(new RgbImage(size, size, rgb.get(i))).data();
            }

            @Override
            public long heldBytes() {
                return (long) rgb.size() * 3 * size * size;
            }
        }

        /** CHW float arrays. */
        record Floats(List<float[]> images, int size) implements Pixels {
            public Floats {
                images = List.copyOf(images);
                for (float[] img : images) {
                    if (img.length != 3 * size * size) {
                        throw new IllegalArgumentException("image of " + img.length + " values, expected 3x" + size + "x" + size);
                    }
                }
            }

            @Override
            public int count() {
                return images.size();
            }

            @Override
            public float[] chw(int i) {
                return images.get(i);
            }

            @Override
            public long heldBytes() {
                return (long) images.size() * 3 * size * size * Float.BYTES;
            }
        }
    }

    public FaceTensors {
        if (labels.length != pixels.count()) {
            throw new IllegalArgumentException(pixels.count() + " images but " + labels.length + " labels");
        }
    }

    /** Ready-made CHW float images. */
    public FaceTensors(int size, List<float[]> images, int[] labels, int classes) {
        this(size, new Pixels.Floats(images, size), labels, classes);
    }

    public int count() {
        return pixels.count();
    }

    /** Image {@code i} as a CHW float array (made now from the compact store). */
    public float[] image(int i) {
        return pixels.chw(i);
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
