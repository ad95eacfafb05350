package org.facenas.distill.teacher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * L2-normalised teacher embeddings of a list of images and of their mirror images, by image key (the path
 * relative to the dataset's root, with '/' separators).
 */
public record TeacherEmbeddings(String teacherHash, List<String> keys, float[][] plain, float[][] flipped) {

    public TeacherEmbeddings {
        keys = List.copyOf(keys);
        if (plain.length != keys.size() || flipped.length != keys.size()) {
            throw new IllegalArgumentException("teacher embeddings: " + keys.size() + " keys but " + plain.length + "/" + flipped.length + " vectors");
        }
    }

    public int dimension() {
        return plain.length == 0 ? 0 : plain[0].length;
    }

    /** Row of each key. */
    public Map<String, Integer> index() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), i);
        }
        return m;
    }

    static float[] normalised(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(n + 1e-12));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
