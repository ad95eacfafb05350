package org.facenas.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.facenas.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceImageLoaderTest {

    @Test
    void specRoundTripsExactly() {
        FacePreprocessing p = FacePreprocessing.arcFace().withSize(56).withFlip(true);
        assertEquals("56x56 mean=127.5 scale=0.0078125 RGB area flip=true", p.toSpec());
        assertEquals(p, FacePreprocessing.parse(p.toSpec()));
    }

    @Test
    void greyPgmIsReplicatedToThreeChannels() throws Exception {
        Path pgm = SharedData.orl().resolve("s1/1.pgm");
        RgbImage image = ImageDecoding.read(pgm);
        assertEquals(92, image.width());
        assertEquals(112, image.height());
        ChwTensor t = new FacePreprocessing(92, 112, 127.5f, 1 / 128f, ChannelOrder.RGB, ResizeMethod.AREA, false).apply(image);
        int plane = 92 * 112;
        assertArrayEquals(Arrays.copyOfRange(t.data(), 0, plane), Arrays.copyOfRange(t.data(), plane, 2 * plane));
        assertArrayEquals(Arrays.copyOfRange(t.data(), 0, plane), Arrays.copyOfRange(t.data(), 2 * plane, 3 * plane));
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : t.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= -1f && max <= 1f && max - min > 1f, "normalised range " + min + ".." + max);
    }

    @Test
    void flipMirrorsAndAreaResizeAverages() throws Exception {
        Path jpg = SharedData.celeba112().resolve("images/id07201/id07201_0001.jpg");
        RgbImage image = ImageDecoding.read(jpg);
        FacePreprocessing base = FacePreprocessing.arcFace();
        ChwTensor plain = base.apply(image);
        ChwTensor flipped = base.withFlip(true).apply(image);
        assertEquals(plain.get(1, 40, 10), flipped.get(1, 40, 101));
        assertTrue(plain.get(1, 40, 10) != plain.get(1, 40, 101), "test needs an asymmetric pixel");

        RgbImage twoByTwo = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 200, (byte) 200, (byte) 200});
        assertEquals(100, ResizeMethod.AREA.resize(twoByTwo, 1, 1).get(0, 0, 0));
        ChwTensor proxy = base.withSize(56).apply(image);
        assertArrayEquals(new long[] {3, 56, 56}, proxy.shape());
    }

    @Test
    void corruptAndMissingFilesAreSkippedAndCounted(@TempDir Path tmp) throws Exception {
        Path good = SharedData.celeba112().resolve("images/id07201/id07201_0001.jpg");
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = tmp.resolve("truncated.jpg");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        Path garbage = tmp.resolve("garbage.jpg");
        Files.writeString(garbage, "not an image");
        Path missing = tmp.resolve("missing.jpg");

        FaceLoadResult r = FaceImageLoader.with(FacePreprocessing.arcFace()).load(List.of(good, truncated, garbage, missing));
        assertEquals(1, r.loaded().size());
        assertEquals(good, r.loaded().get(0).file());
        assertEquals(3, r.skippedCount());
        assertEquals(List.of(truncated, garbage, missing), r.skipped().stream().map(SkippedImage::file).toList());
    }
}
