package org.facenas.data.image;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How an aligned face image becomes a network input: {@code (pixel - mean) * scale}, CHW,
 * in {@link #channelOrder()}, resized to {@code width x height}, optionally mirrored.
 *
 * <p>Pinned in results for provenance through {@link #toSpec()}, e.g.
 * {@code "112x112 mean=127.5 scale=0.0078125 RGB area flip=false"}, and read back with
 * {@link #parse(String)}; the round trip is exact.
 *
 * @param width        input width
 * @param height       input height
 * @param mean         value subtracted from every 0..255 channel value
 * @param scale        factor applied after subtracting the mean
 * @param channelOrder tensor channel order
 * @param resize       how to reach {@code width x height} when the image differs
 * @param flip         mirror left-right (test-time augmentation)
 */
public record FacePreprocessing(int width, int height, float mean, float scale, ChannelOrder channelOrder,
                                ResizeMethod resize, boolean flip) {

    public FacePreprocessing {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
        if (!(scale > 0) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException("scale must be > 0 and mean finite, got mean=" + mean + " scale=" + scale);
        }
    }

    /** ArcFace / InsightFace convention: 112x112 RGB, (p-127.5)/128, area resize, no flip. */
    public static FacePreprocessing arcFace() {
        return new FacePreprocessing(112, 112, 127.5f, 1f / 128f, ChannelOrder.RGB, ResizeMethod.AREA, false);
    }

    /** Same settings at a smaller (proxy) square input size, e.g. 56 for cheap search-time training. */
    public FacePreprocessing withSize(int size) {
        return new FacePreprocessing(size, size, mean, scale, channelOrder, resize, flip);
    }

    /** Same settings, mirrored or not. */
    public FacePreprocessing withFlip(boolean mirrored) {
        return new FacePreprocessing(width, height, mean, scale, channelOrder, resize, mirrored);
    }

    /** Converts an image: resize, optional flip, normalise, CHW. */
    public ChwTensor apply(RgbImage image) {
        RgbImage sized = resize.resize(image, width, height);
        if (flip) {
            sized = sized.flipHorizontal();
        }
        float[] out = new float[3 * height * width];
        int plane = height * width;
        byte[] rgb = sized.rgb();
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                int dst = channelOrder == ChannelOrder.RGB ? c : 2 - c;
                out[dst * plane + i] = ((rgb[3 * i + c] & 0xff) - mean) * scale;
            }
        }
        return new ChwTensor(out, 3, height, width);
    }

    /** Short, exact, human-readable form for provenance records. */
    public String toSpec() {
        return String.format(Locale.ROOT, "%dx%d mean=%s scale=%s %s %s flip=%s", width, height,
                Float.toString(mean), Float.toString(scale), channelOrder, resize.name().toLowerCase(Locale.ROOT), flip);
    }

    /**
     * Parses {@link #toSpec()} output.
     *
     * @throws IllegalArgumentException with the expected form if the text does not parse
     */
    public static FacePreprocessing parse(String spec) {
        String expected = "expected e.g. '112x112 mean=127.5 scale=0.0078125 RGB area flip=false', got '" + spec + "'";
        String[] parts = spec.trim().split("\\s+");
        if (parts.length != 6) {
            throw new IllegalArgumentException(expected);
        }
        try {
            String[] size = parts[0].split("x");
            Map<String, String> kv = new HashMap<>();
            for (String p : new String[] {parts[1], parts[2], parts[5]}) {
                String[] pair = p.split("=", 2);
                kv.put(pair[0], pair[1]);
            }
            return new FacePreprocessing(Integer.parseInt(size[0]), Integer.parseInt(size[1]),
                    Float.parseFloat(kv.get("mean")), Float.parseFloat(kv.get("scale")),
                    ChannelOrder.valueOf(parts[3].toUpperCase(Locale.ROOT)),
                    ResizeMethod.valueOf(parts[4].toUpperCase(Locale.ROOT)),
                    switch (kv.get("flip")) {
                        case "true" -> true;
                        case "false" -> false;
                        default -> throw new IllegalArgumentException("flip must be true or false");
                    });
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(expected, e);
        }
    }

    @Override
    public String toString() {
        return toSpec();
    }
}
