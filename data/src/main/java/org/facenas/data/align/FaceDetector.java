package org.facenas.data.align;

import org.facenas.data.onnx.OnnxSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.facenas.data.image.ResizeMethod;
import org.facenas.data.image.RgbImage;

/**
 * The faceplugin RFB-320 (Ultra-Light-Fast) face detector, {@code fr_detect.onnx}. The whole photo
 * is resized to 320x240 ignoring aspect, normalised (p-127)/128; the model returns 4420 anchor
 * scores and already-decoded normalised corner boxes, to which greedy NMS is applied here.
 * Thread-safe.
 */
public final class FaceDetector implements AutoCloseable {

    /** Anchors below this score are not even considered; low enough to report near misses. */
    static final float CANDIDATE_SCORE = 0.3f;
    /** NMS overlap threshold of the Ultra-Light reference implementation. */
    static final float NMS_IOU = 0.3f;
    private static final int INPUT_W = 320;
    private static final int INPUT_H = 240;

    private final OnnxSession model;

    private FaceDetector(OnnxSession model) {
        this.model = model;
    }

    /**
     * Loads the detector.
     *
     * @throws IllegalArgumentException if the file is missing or not a loadable model
     */
    public static FaceDetector load(Path onnxFile) {
        return new FaceDetector(OnnxSession.open(onnxFile, 1).expecting(onnxFile, "a face detector", new long[] {1, 3, INPUT_H, INPUT_W},
                "scores", "boxes"));
    }

    /** Faces after NMS, most confident first, boxes clipped to the photo. */
    public List<DetectedFace> detect(RgbImage photo) {
        RgbImage small = ResizeMethod.BILINEAR.resize(photo, INPUT_W, INPUT_H);
        float[] input = new float[3 * INPUT_W * INPUT_H];
        int plane = INPUT_W * INPUT_H;
        byte[] rgb = small.rgb();
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                input[c * plane + i] = ((rgb[3 * i + c] & 0xff) - 127f) / 128f;
            }
        }
        var out = model.run(input, new long[] {1, 3, INPUT_H, INPUT_W}, "scores", "boxes");
        float[][] scores = ((float[][][]) out.get("scores"))[0];
        float[][] boxes = ((float[][][]) out.get("boxes"))[0];
        List<DetectedFace> candidates = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i][1] >= CANDIDATE_SCORE) {
                float[] b = boxes[i];
                candidates.add(new DetectedFace(scores[i][1],
                        clamp(b[0]) * photo.width(), clamp(b[1]) * photo.height(),
                        clamp(b[2]) * photo.width(), clamp(b[3]) * photo.height()));
            }
        }
        return nonMaximumSuppression(candidates);
    }

    static List<DetectedFace> nonMaximumSuppression(List<DetectedFace> candidates) {
        List<DetectedFace> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace f : sorted) {
            if (f.width() > 1 && f.height() > 1 && kept.stream().allMatch(k -> k.iou(f) <= NMS_IOU)) {
                kept.add(f);
            }
        }
        return kept;
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }

    @Override
    public void close() {
        model.close();
    }
}
