package org.facenas.data.align;

import org.facenas.data.onnx.OnnxSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.FaceDataset;
import org.facenas.data.FaceImageFile;
import org.facenas.data.SharedData;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aligns real grey ORL photos end to end and checks the result is usable for recognition: the
 * teacher network fr_feature.onnx must find every aligned face closest to its own identity.
 */
class OrlAlignmentTest {

    private static final List<String> IDENTITIES = List.of("s1", "s2", "s3", "s4");
    private static final int PER_IDENTITY = 6;

    @Test
    void alignsOrlPhotosIntoRecognisableFaces(@TempDir Path tmp) throws Exception {
        Path raw = tmp.resolve("raw");
        for (String id : IDENTITIES) {
            Files.createDirectories(raw.resolve(id));
            for (int i = 1; i <= PER_IDENTITY; i++) {
                Files.createSymbolicLink(raw.resolve(id + "/" + i + ".pgm"), SharedData.orl().resolve(id + "/" + i + ".pgm"));
            }
        }
        Path out = tmp.resolve("aligned");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        AlignmentSummary summary;
        try (FaceAligner aligner = FaceAligner.load(SharedData.detector(), SharedData.landmarks(), 0.9f, FaceChoice.MOST_CONFIDENT)) {
            summary = DatasetAligner.using(aligner, 2, new PrintStream(progress, true)).run(raw, out);
        }
        System.out.printf("ORL align: %d/%d aligned, %.1f photos/s (2 threads)%n",
                summary.aligned(), summary.photos(), summary.photosPerSecond());
        int total = IDENTITIES.size() * PER_IDENTITY;
        assertEquals(total, summary.photos());
        assertTrue(summary.aligned() >= total - 2, "aligned only " + summary.aligned() + ": " + summary.counts());
        assertTrue(progress.toString().contains("photos done"));

        List<String> report = Files.readAllLines(summary.report());
        assertEquals(DatasetAligner.REPORT_HEADER, report.get(0));
        assertEquals(total + 1, report.size());
        assertTrue(report.get(1).startsWith("s1/1.pgm\timages/s1/s1_0001.jpg\taligned\t"), report.get(1));
        assertEquals(19, report.get(1).split("\t", -1).length);

        FaceDataset aligned = FaceDataset.open(out);
        assertEquals(IDENTITIES, aligned.identities());
        List<float[]> embeddings = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try (OnnxSession teacher = OnnxSession.open(SharedData.teacher(), 1)) {
            FacePreprocessing pre = FacePreprocessing.arcFace();
            for (FaceImageFile f : aligned.allImages()) {
                RgbImage img = ImageDecoding.read(f.path());
                assertEquals(112, img.width());
                assertEquals(112, img.height());
                float[] e = ((float[][]) teacher.run(pre.apply(img).data(), new long[] {1, 3, 112, 112}, "output").get("output"))[0];
                embeddings.add(normalised(e));
                labels.add(f.identity());
            }
        }
        int correct = 0;
        double same = 0;
        double diff = 0;
        int nSame = 0;
        int nDiff = 0;
        for (int i = 0; i < embeddings.size(); i++) {
            int best = -1;
            double bestSim = -2;
            for (int j = 0; j < embeddings.size(); j++) {
                if (i == j) {
                    continue;
                }
                double s = dot(embeddings.get(i), embeddings.get(j));
                if (labels.get(i).equals(labels.get(j))) {
                    same += s;
                    nSame++;
                } else {
                    diff += s;
                    nDiff++;
                }
                if (s > bestSim) {
                    bestSim = s;
                    best = j;
                }
            }
            if (labels.get(best).equals(labels.get(i))) {
                correct++;
            }
        }
        System.out.printf("ORL aligned: rank-1 %d/%d, mean cosine same %.3f vs different %.3f%n",
                correct, embeddings.size(), same / nSame, diff / nDiff);
        assertEquals(embeddings.size(), correct, "every aligned face should be nearest to its own identity");
        assertTrue(same / nSame > diff / nDiff + 0.3, "same-identity cosine must clearly exceed different-identity cosine");
    }

    private static float[] normalised(float[] v) {
        double n = Math.sqrt(dot(v, v));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
