package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.facenas.data.FaceDataset;
import org.facenas.data.FaceImageFile;
import org.facenas.data.SharedData;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.JpegWriter;
import org.facenas.data.image.ResizeMethod;
import org.facenas.data.recordio.InsightFaceRecordsWriter;
import org.facenas.data.source.FaceSource;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.records.CandidateResult;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic InsightFace set of 20,000 identities x 5 small JPEGs (unique bytes each) opens without reading its
 * images, and a proxy subset of it loads and trains with heap and resident memory bounded by the subset, not the set.
 * Prints the figures; asserts only generous bounds.
 */
class LargeRecordSetTest {

    static final Path CELEBA = SharedData.celeba112();
    static final int IDENTITIES = 20_000;
    static final int PER_IDENTITY = 5;

    @TempDir
    Path tmp;

    @Test
    void twentyThousandIdentitiesOpenFastAndAProxySubsetTrainsInBoundedMemory() throws Exception {
        List<byte[]> bases = baseJpegs(40);
        Path set = tmp.resolve("large");
        Files.createDirectories(set);
        long writeStart = System.nanoTime();
        try (InsightFaceRecordsWriter w = InsightFaceRecordsWriter.create(set, 40, 40)) {
            for (int id = 0; id < IDENTITIES; id++) {
                w.beginIdentity(String.format(Locale.ROOT, "p%05d", id));
                for (int k = 0; k < PER_IDENTITY; k++) {
                    w.addImage(unique(bases.get((id * 7 + k) % bases.size()), id * PER_IDENTITY + k), k + 1);
                }
            }
        }
        List<byte[]> pairImages = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairImages.add(bases.get(i % bases.size()));
            pairImages.add(bases.get((i * 3 + 1) % bases.size()));
            same.add(i % 2 == 0);
        }
        new VerificationBin(pairImages, same).write(set.resolve("lfw.bin"));
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        long recBytes = Files.size(set.resolve("train.rec"));

        long heap0 = usedHeapAfterGc();
        long openStart = System.nanoTime();
        long images;
        try (FaceSource source = FaceSource.open(set)) {
            images = source.imageCount();
            assertEquals(IDENTITIES, source.identities().size());
        }
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        assertEquals((long) IDENTITIES * PER_IDENTITY, images);

        ProxySettings proxy = new ProxySettings("large", 32, 1, 32, 2e-3, 5e-4, 200, 5, 20, true, new org.facenas.records.proxy.Margin(org.facenas.records.proxy.Margin.Kind.COSFACE, 32, 0.35));
        long loadStart = System.nanoTime();
        SourceProxyData data = SourceProxyData.load(set, null, null, proxy);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long heapLoaded = usedHeapAfterGc();
        CandidateResult r = new ProxyEvaluator(proxy, data, new MarginTrainingNetworks(), data.pairs(), a -> null)
                .evaluate(Zoo.get("ds-face-k7"), 1);
        long heapTrained = usedHeapAfterGc();
        long rss = residentBytes();

        System.out.printf(Locale.ROOT, "synthetic RecordIO set: %,d identities x %d JPEGs (%,d images, train.rec %.1f MB) written in %.1f s%n",
                IDENTITIES, PER_IDENTITY, images, recBytes / 1e6, writeSeconds);
        System.out.printf(Locale.ROOT, "open (index, record 0, %,d identity records): %.3f s%n", IDENTITIES, openSeconds);
        System.out.printf(Locale.ROOT, "proxy subset %d identities x %d images at %dx%d: loaded in %.2f s, images held %.2f MB (8-bit; the whole set as floats would be %.0f MB)%n",
                data.train().classes(), PER_IDENTITY, proxy.inputSize(), proxy.inputSize(), loadSeconds, data.train().pixels().heldBytes() / 1e6,
                images * 3.0 * 32 * 32 * 4 / 1e6);
        System.out.printf(Locale.ROOT, "heap used after GC: before open %.1f MB, proxy loaded %.1f MB, after training 1 epoch %.1f MB; resident set %.1f MB; %s accuracy %s%n",
                heap0 / 1e6, heapLoaded / 1e6, heapTrained / 1e6, rss / 1e6, r.status(), r.accuracy());

        assertEquals(CandidateResult.Status.OK, r.status(), r.failure());
        assertEquals(1000, data.train().count());
        assertTrue(openSeconds < 5, "open took " + openSeconds + " s");
        assertTrue(heapLoaded - heap0 < 200_000_000L, "the subset's heap grew by " + (heapLoaded - heap0) + " bytes");
    }

    /** Small real faces: celeba112 images shrunk to 40x40 and re-encoded. */
    private List<byte[]> baseJpegs(int n) throws Exception {
        List<FaceImageFile> files = FaceDataset.open(CELEBA).allImages().subList(0, n);
        List<byte[]> out = new ArrayList<>();
        JpegWriter writer = JpegWriter.withQuality(0.9f);
        for (int i = 0; i < n; i++) {
            Path f = tmp.resolve("base" + i + ".jpg");
            writer.write(ResizeMethod.AREA.resize(ImageDecoding.read(files.get(i).path()), 40, 40), f);
            out.add(Files.readAllBytes(f));
        }
        return out;
    }

    /** The JPEG with a comment segment (FF FE) after SOI holding {@code id}: unique bytes, the same picture. */
    private static byte[] unique(byte[] jpeg, int id) {
        byte[] text = Integer.toString(id).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + text.length + 4);
        out.write(jpeg, 0, 2);
        out.write(0xff);
        out.write(0xfe);
        out.write(0);
        out.write(text.length + 2);
        out.writeBytes(text);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long residentBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
