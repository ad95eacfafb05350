package org.facenas.data;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The pinned preprocessing: RGB (grey replicated), resized to {@code size} when the image differs, then
 * {@code (p - 127.5) / 128}, as a CHW float array. Recorded with every result via {@link #describe()}.
 */
public record FacePreprocessing(int size) {

    public static final double MEAN = 127.5;
    public static final double SCALE = 1 / 128.0;

    public FacePreprocessing {
        if (size < 8 || size > 1024) {
            throw new IllegalArgumentException("preprocessing size " + size + " is out of range 8..1024");
        }
    }

    public String describe() {
        return "rgb," + size + "x" + size + ",(p-127.5)/128,chw";
    }

    /**
     * @throws UnreadableImageException naming the file and why, when it is missing, corrupt or not an image
     */
    public float[] load(Path file) {
        BufferedImage img;
        try {
            img = FaceDataset.extension(file).equals("pgm") ? Pgm.read(file) : readImageIo(file);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (img == null) {
            throw new UnreadableImageException(file, "not a readable image");
        }
        return toChw(img);
    }

    private static BufferedImage readImageIo(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ImageIO.read(in);
        }
    }

    public float[] toChw(BufferedImage src) {
        BufferedImage img = src;
        if (src.getWidth() != size || src.getHeight() != size || src.getType() != BufferedImage.TYPE_INT_RGB) {
            img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, size, size, null);
            g.dispose();
        }
        float[] out = new float[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = img.getRGB(x, y);
                int i = y * size + x;
                out[i] = (float) ((((rgb >> 16) & 255) - MEAN) * SCALE);
                out[plane + i] = (float) ((((rgb >> 8) & 255) - MEAN) * SCALE);
                out[2 * plane + i] = (float) (((rgb & 255) - MEAN) * SCALE);
            }
        }
        return out;
    }
}
