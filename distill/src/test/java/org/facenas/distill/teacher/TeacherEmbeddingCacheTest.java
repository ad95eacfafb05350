package org.facenas.distill.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facenas.data.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real faceplugin teacher (ONNX Runtime) on real celeba112 faces. */
class TeacherEmbeddingCacheTest {

    static final Path MODEL = SharedData.teacher();
    static final Path IMAGES = SharedData.celeba112().resolve("images");
    static final Map<String, Path> FACES = new LinkedHashMap<>();

    @BeforeAll
    static void pickFaces() throws Exception {
        assertTrue(Files.isRegularFile(MODEL), "tests need ../shared/models/faceplugin/fr_feature.onnx");
        try (var ids = Files.list(IMAGES)) {
            for (Path id : ids.sorted().limit(3).toList()) {
                try (var files = Files.list(id)) {
                    for (Path f : files.sorted().limit(3).toList()) {
                        FACES.put(IMAGES.relativize(f).toString().replace('\\', '/'), f);
                    }
                }
            }
        }
    }

    static double cos(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void computedOnceThenReusedAndTheyRecogniseFaces(@TempDir Path dir) {
        TeacherSpec spec = TeacherSpec.facepluginDefaults(MODEL);
        var first = TeacherEmbeddingCache.loadOrCompute(dir, spec, "celeba-test", FACES, 2);
        assertFalse(first.reused());
        TeacherEmbeddings e = first.embeddings();
        assertEquals(FACES.size(), e.keys().size());
        assertEquals(512, e.dimension());
        assertEquals(1.0, cos(e.plain()[0], e.plain()[0]), 1e-4, "stored L2-normalised");
        // same identity (rows 0..2 are one person) closer than different identities (rows 3.., 6..)
        double same = (cos(e.plain()[0], e.plain()[1]) + cos(e.plain()[0], e.plain()[2]) + cos(e.plain()[3], e.plain()[4])) / 3;
        double diff = (cos(e.plain()[0], e.plain()[3]) + cos(e.plain()[0], e.plain()[6]) + cos(e.plain()[3], e.plain()[6])) / 3;
        assertTrue(same > diff + 0.2, "teacher same-identity cosine " + same + " vs different " + diff);
        assertTrue(cos(e.plain()[0], e.flipped()[0]) > 0.5 && cos(e.plain()[0], e.flipped()[0]) < 0.9999,
                "the mirror image embeds close to but not exactly as the image");

        var second = TeacherEmbeddingCache.loadOrCompute(dir, spec, "celeba-test", FACES, 2);
        assertTrue(second.reused());
        for (int i = 0; i < e.keys().size(); i++) {
            assertArrayEquals(e.plain()[i], second.embeddings().plain()[i]);
            assertArrayEquals(e.flipped()[i], second.embeddings().flipped()[i]);
        }
        assertArrayEquals(e.plain()[4], TeacherEmbeddingCache.read(first.file()).plain()[4]);
    }

    @Test
    void truncatedCorruptOrStaleCachesAreRebuiltNeverUsed(@TempDir Path dir) throws Exception {
        TeacherSpec spec = TeacherSpec.facepluginDefaults(MODEL);
        Map<String, Path> two = new LinkedHashMap<>();
        FACES.entrySet().stream().limit(2).forEach(en -> two.put(en.getKey(), en.getValue()));
        Path file = TeacherEmbeddingCache.loadOrCompute(dir, spec, "d", two, 1).file();
        long length = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length - 100);
        }
        assertThrows(IllegalArgumentException.class, () -> TeacherEmbeddingCache.read(file));
        assertFalse(TeacherEmbeddingCache.loadOrCompute(dir, spec, "d", two, 1).reused(), "truncated file was used");
        assertEquals(length, Files.size(file));

        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(length - 500);
            f.write(new byte[] {1, 2, 3, 4});
        }
        assertFalse(TeacherEmbeddingCache.loadOrCompute(dir, spec, "d", two, 1).reused(), "corrupt file was used");

        // a different preprocessing is another cache; a stale file under the same name (simulated by copying) is rejected
        TeacherSpec other = TeacherSpec.onnx(MODEL, 112, 127.5f, 1f / 127.5f, 512);
        Path otherFile = TeacherEmbeddingCache.file(dir, other.modelHash(), other.preprocessing().toSpec(), "d", two.keySet().stream().toList());
        Files.copy(file, otherFile);
        var rebuilt = TeacherEmbeddingCache.loadOrCompute(dir, other, "d", two, 1);
        assertFalse(rebuilt.reused(), "a cache made with another preprocessing was used");
        assertEquals(otherFile, rebuilt.file());
    }

    @Test
    void aTeacherThatDoesNotMatchItsConfigIsAClearError() {
        var wrongDim = assertThrows(IllegalArgumentException.class,
                () -> OnnxTeacher.open(TeacherSpec.onnx(MODEL, 112, 127f, 1f / 128f, 128), 1));
        assertTrue(wrongDim.getMessage().contains("512-d") && wrongDim.getMessage().contains("128-d"), wrongDim.getMessage());
        var wrongSize = assertThrows(IllegalArgumentException.class,
                () -> OnnxTeacher.open(TeacherSpec.onnx(MODEL, 96, 127f, 1f / 128f, 512), 1));
        assertTrue(wrongSize.getMessage().contains("96"), wrongSize.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> OnnxTeacher.open(TeacherSpec.facepluginDefaults(Path.of("no-such.onnx")), 1));
        assertTrue(missing.getMessage().contains("no-such.onnx"), missing.getMessage());
    }

    /** Parts computed separately (as Spark tasks do) and joined are one computation over all the keys, file and all. */
    @Test
    void partsComputedApartAndJoinedAreTheWhole(@TempDir Path dir) throws Exception {
        TeacherSpec spec = TeacherSpec.facepluginDefaults(MODEL);
        String hash = spec.modelHash();
        java.util.List<String> keys = new java.util.ArrayList<>(FACES.keySet());
        TeacherEmbeddingCache.EncodedImages read = key -> Files.readAllBytes(FACES.get(key));
        var whole = TeacherEmbeddingCache.loadOrCompute(dir.resolve("whole"), spec, "celeba-test", keys, read, 2);
        var joined = TeacherEmbeddingCache.loadOrCompute(dir.resolve("parts"), spec, "celeba-test", keys, k -> TeacherEmbeddingCache.concat(
                java.util.List.of(TeacherEmbeddingCache.compute(spec, hash, k.subList(0, 4), read, 1, " part 1/2"),
                        TeacherEmbeddingCache.compute(spec, hash, k.subList(4, k.size()), read, 1, " part 2/2"))));
        assertEquals(keys, joined.embeddings().keys());
        assertEquals(-1L, Files.mismatch(whole.file(), joined.file()), "the same cache file");
        TeacherEmbeddings other = new TeacherEmbeddings("another-teacher", java.util.List.of(), new float[0][], new float[0][]);
        var e = assertThrows(IllegalArgumentException.class, () -> TeacherEmbeddingCache.concat(java.util.List.of(whole.embeddings(), other)));
        assertTrue(e.getMessage().contains("two teachers"), e.getMessage());
    }
}
