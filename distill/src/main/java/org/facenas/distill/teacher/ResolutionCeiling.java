package org.facenas.distill.teacher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.ResizeMethod;
import org.facenas.data.image.RgbImage;

/**
 * How much of the teacher's embedding survives a proxy's resolution: the mean cosine between the teacher's
 * embedding of a face and of the same face shrunk to the proxy's input size (area) and enlarged back (bilinear).
 * A student that sees only the small image cannot be expected to match the teacher much better than the teacher
 * matches itself through the same loss of detail.
 */
public final class ResolutionCeiling {

    private ResolutionCeiling() {
    }

    /** Mean cosine over {@code encoded} images (JPEG/PNG bytes) of teacher(full) and teacher(shrunk to {@code size}). */
    public static double meanCosine(TeacherSpec spec, List<byte[]> encoded, int size, int threads) {
        int input = spec.preprocessing().width();
        int pixels = 3 * input * spec.preprocessing().height();
        double sum = 0;
        try (OnnxTeacher teacher = OnnxTeacher.open(spec, threads)) {
            int chunk = 32;
            for (int from = 0; from < encoded.size(); from += chunk) {
                int m = Math.min(chunk, encoded.size() - from);
                float[] full = new float[m * pixels];
                float[] small = new float[m * pixels];
                for (int i = 0; i < m; i++) {
                    RgbImage img = ImageDecoding.decode(encoded.get(from + i));
                    RgbImage shrunk = ResizeMethod.AREA.resize(img, size, size);
                    RgbImage back = ResizeMethod.BILINEAR.resize(shrunk, img.width(), img.height());
                    System.arraycopy(spec.preprocessing().apply(img).data(), 0, full, i * pixels, pixels);
                    System.arraycopy(spec.preprocessing().apply(back).data(), 0, small, i * pixels, pixels);
                }
                float[][] a = teacher.embed(full, m);
                float[][] b = teacher.embed(small, m);
                for (int i = 0; i < m; i++) {
                    sum += cosine(a[i], b[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a scoring image: " + e.getMessage(), e);
        }
        return sum / encoded.size();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
