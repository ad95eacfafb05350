package org.facenas.distill.teacher;

import org.facenas.data.hash.Sha256;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Teacher embeddings computed once per (teacher file hash, image list, preprocessing) and kept in a file that
 * every candidate and every Spark task reads.
 *
 * <p>File format ({@code .fnte}, little-endian): the 4 bytes {@code FNTE}; int32 version (1); int32 header length
 * H; H bytes of UTF-8 JSON header {@code {teacherHash, preprocessing, dataset, count, dim, keys[]}}; count x dim
 * float32 embeddings of the images; count x dim float32 embeddings of their mirror images (all L2-normalised);
 * int64 CRC-32 of every byte before it. A file whose header does not match what is asked for (stale) or whose
 * length or checksum is wrong (truncated, corrupt) is rebuilt, never used.
 */
public final class TeacherEmbeddingCache {

    private static final Logger LOG = LoggerFactory.getLogger(TeacherEmbeddingCache.class);
    private static final byte[] MAGIC = "FNTE".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TeacherEmbeddingCache() {
    }

    /** Where teacher embeddings are cached outside a search run: ~/.cache/facenas/teachers. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "facenas", "teachers");
    }

    /** What a cache file must hold to be reused. */
    record Header(String teacherHash, String preprocessing, String dataset, int count, int dim, List<String> keys) {
    }

    /** The cache file for these inputs (its name is a hash of all of them). */
    public static Path file(Path cacheDir, String teacherHash, String preprocessing, String datasetId, List<String> keys) {
        MessageDigest sha = Sha256.digest();
        for (String s : List.of(teacherHash, preprocessing, datasetId)) {
            Sha256.update(sha, s);
            sha.update((byte) 0);
        }
        for (String k : keys) {
            Sha256.update(sha, k);
            sha.update((byte) '\n');
        }
        return cacheDir.resolve("teacher-" + Sha256.hex(sha).substring(0, 20) + ".fnte");
    }

    /** What happened: the embeddings, where they are, and whether they were computed now. */
    public record Outcome(TeacherEmbeddings embeddings, Path file, boolean reused, double seconds) {
    }

    /** Encoded images (JPEG, PNG, PGM) by key, from a folder or a RecordIO set. */
    @FunctionalInterface
    public interface EncodedImages {
        byte[] read(String key) throws IOException;
    }

    /**
     * The teacher's embeddings of {@code images} (key to file), from the cache when a valid file exists, otherwise
     * computed now and cached. Unreadable images get no embedding and are left out (with a warning).
     *
     * @param datasetId identifies the dataset's content (its listing hash)
     */
    public static Outcome loadOrCompute(Path cacheDir, TeacherSpec spec, String datasetId, Map<String, Path> images, int threads) {
        return loadOrCompute(cacheDir, spec, datasetId, new ArrayList<>(images.keySet()), key -> Files.readAllBytes(images.get(key)),
                threads);
    }

    /**
     * The teacher's embeddings of the images under {@code keys} (a proxy's identity subset, in training order): the
     * cache file's name hashes the teacher, preprocessing, dataset and this key list, so each subset has its own.
     * Unreadable images get no embedding and are left out (with a warning).
     */
    public static Outcome loadOrCompute(Path cacheDir, TeacherSpec spec, String datasetId, List<String> keys, EncodedImages images,
                                        int threads) {
        return loadOrCompute(cacheDir, spec, datasetId, keys, inProcess(spec, images, threads));
    }

    /**
     * How a cache's embeddings are computed when the file is missing or stale: {@link #inProcess} here, or split into
     * parts that run elsewhere (Spark tasks) and {@link #concat}enated in key order. Either way one file is written.
     */
    @FunctionalInterface
    public interface Computation {
        /** The embeddings of {@code keys}, in that order, unreadable images left out. */
        TeacherEmbeddings compute(List<String> keys);
    }

    /** Computes in this process, with progress on the log every 10 s. */
    public static Computation inProcess(TeacherSpec spec, EncodedImages images, int threads) {
        return keys -> compute(spec, spec.modelHash(), keys, images, threads, "");
    }

    /** The same as {@link #loadOrCompute(Path, TeacherSpec, String, List, EncodedImages, int)}, computing with {@code computation}. */
    public static Outcome loadOrCompute(Path cacheDir, TeacherSpec spec, String datasetId, List<String> keys, Computation computation) {
        long start = System.nanoTime();
        String hash = spec.modelHash();
        Path file = file(cacheDir, hash, spec.preprocessing().toSpec(), datasetId, keys);
        if (Files.exists(file)) {
            try {
                TeacherEmbeddings e = read(file, new Header(hash, spec.preprocessing().toSpec(), datasetId, -1, spec.embeddingSize(), keys));
                double s = (System.nanoTime() - start) / 1e9;
                LOG.info("teacher embeddings: reused cache {} ({} images, {}-d, {} s)", file, e.keys().size(), e.dimension(),
                        String.format("%.2f", s));
                return new Outcome(e, file, true, s);
            } catch (IllegalStateException stale) {
                LOG.warn("teacher embeddings: cache {} is unusable ({}); rebuilding it", file, stale.getMessage());
            }
        }
        TeacherEmbeddings e = computation.compute(keys);
        if (!e.teacherHash().equals(hash)) {
            throw new IllegalStateException("teacher embeddings were computed with teacher " + e.teacherHash() + ", not " + hash);
        }
        write(file, new Header(hash, spec.preprocessing().toSpec(), datasetId, e.keys().size(), e.dimension(), e.keys()), e);
        double s = (System.nanoTime() - start) / 1e9;
        LOG.info("teacher embeddings: computed {} images and their mirror images in {} s; cached at {}", e.keys().size(),
                String.format("%.1f", s), file);
        return new Outcome(e, file, false, s);
    }

    /**
     * The teacher's embeddings of {@code allKeys} (one part of a split computation, or all of it), unreadable images
     * left out; progress goes to the log every 10 s, labelled with {@code part} (e.g. " part 2/8").
     */
    public static TeacherEmbeddings compute(TeacherSpec spec, String hash, List<String> allKeys, EncodedImages images, int threads,
                                            String part) {
        long started = System.nanoTime();
        List<String> keys = new ArrayList<>();
        List<float[]> plain = new ArrayList<>();
        List<float[]> flipped = new ArrayList<>();
        FacePreprocessing straight = spec.preprocessing().withFlip(false);
        FacePreprocessing mirrored = spec.preprocessing().withFlip(true);
        long lastReport = System.nanoTime();
        try (OnnxTeacher teacher = OnnxTeacher.open(spec, threads)) {
            int chunk = 64;
            for (int from = 0; from < allKeys.size(); from += chunk) {
                List<String> batch = allKeys.subList(from, Math.min(allKeys.size(), from + chunk));
                List<String> readable = new ArrayList<>();
                List<float[]> a = new ArrayList<>();
                List<float[]> b = new ArrayList<>();
                for (String key : batch) {
                    try {
                        RgbImage img = ImageDecoding.decode(images.read(key));
                        a.add(straight.apply(img).data());
                        b.add(mirrored.apply(img).data());
                        readable.add(key);
                    } catch (IOException e) {
                        LOG.warn("teacher embeddings: skipping unreadable image {}: {}", key, e.getMessage());
                    }
                }
                if (readable.isEmpty()) {
                    continue;
                }
                float[][] ea = teacher.embed(pack(a), a.size());
                float[][] eb = teacher.embed(pack(b), b.size());
                for (int i = 0; i < readable.size(); i++) {
                    keys.add(readable.get(i));
                    plain.add(TeacherEmbeddings.normalised(ea[i]));
                    flipped.add(TeacherEmbeddings.normalised(eb[i]));
                }
                // a large subset takes minutes: say how far it is
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    int done = from + batch.size();
                    double rate = done / ((lastReport - started) / 1e9);
                    LOG.info("teacher embeddings{}: {}/{} images, {} img/s, about {} s left", part, done, allKeys.size(),
                            String.format(java.util.Locale.ROOT, "%.1f", rate), Math.round((allKeys.size() - done) / rate));
                }
            }
        }
        return new TeacherEmbeddings(hash, keys, plain.toArray(float[][]::new), flipped.toArray(float[][]::new));
    }

    /** Parts computed separately, joined in order: the same value one computation over all their keys gives. */
    public static TeacherEmbeddings concat(List<TeacherEmbeddings> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no teacher-embedding parts to join");
        }
        String hash = parts.get(0).teacherHash();
        List<String> keys = new ArrayList<>();
        List<float[]> plain = new ArrayList<>();
        List<float[]> flipped = new ArrayList<>();
        for (TeacherEmbeddings p : parts) {
            if (!p.teacherHash().equals(hash)) {
                throw new IllegalArgumentException("teacher-embedding parts come from two teachers: " + hash + " and " + p.teacherHash());
            }
            if (p.dimension() != 0 && !plain.isEmpty() && p.dimension() != plain.get(0).length) {
                throw new IllegalArgumentException("teacher-embedding parts of " + plain.get(0).length + " and " + p.dimension() + " dimensions");
            }
            keys.addAll(p.keys());
            plain.addAll(List.of(p.plain()));
            flipped.addAll(List.of(p.flipped()));
        }
        return new TeacherEmbeddings(hash, keys, plain.toArray(float[][]::new), flipped.toArray(float[][]::new));
    }

    private static float[] pack(List<float[]> faces) {
        int n = faces.get(0).length;
        float[] out = new float[faces.size() * n];
        for (int i = 0; i < faces.size(); i++) {
            System.arraycopy(faces.get(i), 0, out, i * n, n);
        }
        return out;
    }

    static void write(Path file, Header header, TeacherEmbeddings e) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] json = JSON.writeValueAsBytes(header);
            int dim = e.dimension();
            ByteBuffer buf = ByteBuffer.allocate(4 + 4 + 4 + json.length + 2 * e.keys().size() * dim * 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
            buf.put(MAGIC).putInt(VERSION).putInt(json.length).put(json);
            for (float[][] block : new float[][][] {e.plain(), e.flipped()}) {
                for (float[] v : block) {
                    for (float x : v) {
                        buf.putFloat(x);
                    }
                }
            }
            CRC32 crc = new CRC32();
            crc.update(buf.array(), 0, buf.position());
            buf.putLong(crc.getValue());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, buf.array());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write teacher-embedding cache " + file, ex);
        }
    }

    /** Reads and validates a cache file written for {@code expected} (count -1: any). */
    static TeacherEmbeddings read(Path file, Header expected) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException ex) {
            throw new IllegalStateException("unreadable: " + ex.getMessage());
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 20 || !java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, 4), MAGIC)) {
            throw new IllegalStateException("not a teacher-embedding file");
        }
        buf.position(4);
        int version = buf.getInt();
        int headerLength = buf.getInt();
        if (version != VERSION || headerLength < 2 || 12L + headerLength > bytes.length) {
            throw new IllegalStateException("version " + version + " or header length " + headerLength + " is wrong");
        }
        Header h;
        try {
            h = JSON.readValue(bytes, 12, headerLength, Header.class);
        } catch (IOException ex) {
            throw new IllegalStateException("unreadable header");
        }
        if (!h.teacherHash().equals(expected.teacherHash()) || !h.preprocessing().equals(expected.preprocessing())
                || !h.dataset().equals(expected.dataset()) || h.dim() != expected.dim()) {
            throw new IllegalStateException("stale: made for another teacher, preprocessing or dataset");
        }
        if (expected.keys() != null && !h.keys().equals(expected.keys()) && !expected.keys().containsAll(h.keys())) {
            throw new IllegalStateException("stale: made for another image list");
        }
        long expectedLength = 12L + headerLength + 2L * h.count() * h.dim() * 4 + 8;
        if (bytes.length != expectedLength) {
            throw new IllegalStateException("truncated: " + bytes.length + " bytes, expected " + expectedLength);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()) {
            throw new IllegalStateException("checksum mismatch");
        }
        buf.position(12 + headerLength);
        float[][] plain = new float[h.count()][h.dim()];
        float[][] flipped = new float[h.count()][h.dim()];
        for (float[][] block : new float[][][] {plain, flipped}) {
            for (float[] v : block) {
                for (int j = 0; j < v.length; j++) {
                    v[j] = buf.getFloat();
                }
            }
        }
        return new TeacherEmbeddings(h.teacherHash(), h.keys(), plain, flipped);
    }

    /** Reads a cache file a driver wrote (a Spark task's view): validated for integrity, whatever its inputs. */
    public static TeacherEmbeddings read(Path file) {
        Header h;
        try {
            byte[] head = new byte[12];
            try (var in = Files.newInputStream(file)) {
                if (in.readNBytes(head, 0, 12) != 12) {
                    throw new IllegalArgumentException("teacher-embedding cache " + file + " is truncated; delete it to rebuild it");
                }
                ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
                b.position(8);
                byte[] json = in.readNBytes(b.getInt());
                h = JSON.readValue(json, Header.class);
            }
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("teacher-embedding cache " + file + " is unreadable (" + ex.getMessage()
                    + "); delete it to rebuild it");
        }
        try {
            return read(file, new Header(h.teacherHash(), h.preprocessing(), h.dataset(), -1, h.dim(), null));
        } catch (IllegalStateException ex) {
            throw new IllegalArgumentException("teacher-embedding cache " + file + " is " + ex.getMessage() + "; delete it to rebuild it");
        }
    }

}
