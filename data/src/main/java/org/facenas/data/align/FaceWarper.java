package org.facenas.data.align;

import org.facenas.data.image.RgbImage;

/** Warps a photo onto the 112x112 ArcFace template given the face's five landmarks. */
public final class FaceWarper {

    private final FivePoints template;
    private final int size;

    private FaceWarper(FivePoints template, int size) {
        this.template = template;
        this.size = size;
    }

    /** The standard 112x112 ArcFace warper. */
    public static FaceWarper arcFace112() {
        return new FaceWarper(FivePoints.arcFaceTemplate(), 112);
    }

    /** Output side length in pixels. */
    public int size() {
        return size;
    }

    /** The template the landmarks are mapped onto. */
    public FivePoints template() {
        return template;
    }

    /** Least-squares similarity from the photo's landmarks to the template. */
    public SimilarityTransform transformFor(FivePoints landmarks) {
        return SimilarityTransform.estimate(landmarks.asList(), template.asList());
    }

    /** Warps {@code photo} so that {@code landmarks} land on the template (bilinear, black border). */
    public RgbImage warp(RgbImage photo, FivePoints landmarks) {
        SimilarityTransform back = transformFor(landmarks).inverse();
        byte[] out = new byte[size * size * 3];
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                double sx = back.a() * u - back.b() * v + back.tx();
                double sy = back.b() * u + back.a() * v + back.ty();
                for (int c = 0; c < 3; c++) {
                    out[(v * size + u) * 3 + c] = (byte) Math.round(photo.sample((float) sx, (float) sy, c));
                }
            }
        }
        return new RgbImage(size, size, out);
    }
}
