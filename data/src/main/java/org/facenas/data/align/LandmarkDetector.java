package org.facenas.data.align;

import org.facenas.data.onnx.OnnxSession;
import java.nio.file.Path;
import org.facenas.data.image.RgbImage;

/**
 * The faceplugin 68-point landmark model, {@code fr_landmark.onnx}: the detector box is cropped,
 * resized to 64x64 grey, divided by 256; the output is 68 (x,y) in 0..1 of the crop.
 * Thread-safe.
 */
public final class LandmarkDetector implements AutoCloseable {

    private static final int SIZE = 64;

    private final OnnxSession model;

    private LandmarkDetector(OnnxSession model) {
        this.model = model;
    }

    /**
     * Loads the landmark model.
     *
     * @throws IllegalArgumentException if the file is missing or not a loadable model
     */
    public static LandmarkDetector load(Path onnxFile) {
        return new LandmarkDetector(OnnxSession.open(onnxFile, 1).expecting(onnxFile, "a landmark model",
                new long[] {1, 1, SIZE, SIZE}, "output"));
    }

    /** 68 landmarks as x0,y0,x1,y1,... in pixel coordinates of the photo. */
    public double[] landmarks68(RgbImage photo, DetectedFace box) {
        float[] input = new float[SIZE * SIZE];
        float sx = box.width() / SIZE;
        float sy = box.height() / SIZE;
        for (int y = 0; y < SIZE; y++) {
            float py = clamp(box.y1() + (y + 0.5f) * sy - 0.5f, photo.height());
            for (int x = 0; x < SIZE; x++) {
                float px = clamp(box.x1() + (x + 0.5f) * sx - 0.5f, photo.width());
                float r = photo.sample(px, py, 0);
                float g = photo.sample(px, py, 1);
                float b = photo.sample(px, py, 2);
                input[y * SIZE + x] = (0.299f * r + 0.587f * g + 0.114f * b) / 256f;
            }
        }
        float[] out = ((float[][]) model.run(input, new long[] {1, 1, SIZE, SIZE}, "output").get("output"))[0];
        double[] xy = new double[136];
        for (int i = 0; i < 68; i++) {
            xy[2 * i] = box.x1() + out[2 * i] * box.width();
            xy[2 * i + 1] = box.y1() + out[2 * i + 1] * box.height();
        }
        return xy;
    }

    /** Five alignment points of the face in {@code box}. */
    public FivePoints fivePoints(RgbImage photo, DetectedFace box) {
        return FivePoints.from68(landmarks68(photo, box));
    }

    private static float clamp(float v, int size) {
        return Math.min(size - 1f, Math.max(0f, v));
    }

    @Override
    public void close() {
        model.close();
    }
}
