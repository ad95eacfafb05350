package org.facenas.search;

import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.SourceImage;
import org.facenas.distill.teacher.TeacherEmbeddingCache;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.train.DistillationSource;

/**
 * Computes a teacher-embedding cache as Spark tasks, each over a contiguous range of the subset's images: a task
 * opens the dataset from the shared path, reads only its range, and runs the teacher; the driver joins the parts in
 * order ({@link TeacherEmbeddingCache#concat}) and writes the one {@code .fnte} file the candidates read. Joined parts
 * equal one computation over all images, so the file is the same whether it was split or not.
 *
 * <p>Progress: each task logs its own (every 10 s, "part i/N"); the driver prints each part as it finishes.
 */
public final class SparkTeacherEmbeddings implements TeacherEmbeddingCache.Computation {

    /** A part smaller than this is not worth a task's start-up (opening the teacher in ONNX Runtime). */
    static final int MIN_PART = 256;

    private final JavaSparkContext sc;
    private final Path root;
    private final List<SourceImage> images;
    private final TeacherSpec spec;
    private final int parts;
    private final int threadsPerTask;
    private final PrintStream console;
    private final int minPart;

    /**
     * @param root           the dataset folder, a path every executor reads
     * @param images         the images whose keys will be asked for (a proxy's training images)
     * @param parts          tasks to split into at most (fewer when there are under {@link #MIN_PART} images a part)
     * @param threadsPerTask ONNX Runtime threads in each task (the search's cores per task)
     */
    public SparkTeacherEmbeddings(JavaSparkContext sc, Path root, List<SourceImage> images, TeacherSpec spec, int parts,
                                  int threadsPerTask, PrintStream console) {
        this(sc, root, images, spec, parts, threadsPerTask, console, MIN_PART);
    }

    /** With another smallest part (tests split a few images). */
    SparkTeacherEmbeddings(JavaSparkContext sc, Path root, List<SourceImage> images, TeacherSpec spec, int parts,
                           int threadsPerTask, PrintStream console, int minPart) {
        if (parts < 1) {
            throw new IllegalArgumentException("teacher embeddings: " + parts + " parts; give at least 1");
        }
        this.sc = sc;
        this.root = root.toAbsolutePath().normalize();
        this.images = List.copyOf(images);
        this.spec = spec;
        this.parts = parts;
        this.threadsPerTask = threadsPerTask;
        this.console = console;
        this.minPart = minPart;
    }

    /**
     * The backend {@link DistillationSource} computes a missing cache with: a proxy's training images split into at
     * most {@code parts} Spark tasks of {@code threadsPerTask} ONNX Runtime threads each.
     */
    public static DistillationSource.Backend backend(JavaSparkContext sc, int parts, int threadsPerTask, PrintStream console) {
        return (images, spec) -> new SparkTeacherEmbeddings(sc, images.root(), images.trainImages(), spec, parts, threadsPerTask, console);
    }

    /** One task's work: its part number and images. Travels to the executor. */
    record Part(int index, int of, List<SourceImage> images) implements Serializable {
    }

    /** One task's result. Travels back to the driver. */
    record Embedded(int index, String teacherHash, List<String> keys, float[][] plain, float[][] flipped) implements Serializable {
    }

    /** Parts of contiguous ranges, sizes differing by at most one, none under {@code minPart} unless there is one. */
    static List<List<SourceImage>> ranges(List<SourceImage> images, int parts, int minPart) {
        int n = Math.max(1, Math.min(parts, images.size() / minPart));
        List<List<SourceImage>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(images.subList((int) ((long) images.size() * i / n), (int) ((long) images.size() * (i + 1) / n)));
        }
        return out;
    }

    @Override
    public TeacherEmbeddings compute(List<String> keys) {
        Map<String, SourceImage> byKey = new HashMap<>();
        images.forEach(img -> byKey.put(img.key(), img));
        List<SourceImage> ordered = new ArrayList<>(keys.size());
        for (String k : keys) {
            SourceImage img = byKey.get(k);
            if (img == null) {
                throw new IllegalArgumentException("teacher embeddings: image " + k + " is not one of the " + images.size() + " given");
            }
            ordered.add(img);
        }
        List<List<SourceImage>> ranges = ranges(ordered, parts, minPart);
        String model = spec.model().toAbsolutePath().toString();
        String preprocessing = spec.preprocessing().toSpec();
        int dim = spec.embeddingSize();
        String hash = spec.modelHash();
        String folder = root.toString();
        int threads = threadsPerTask;
        long start = System.nanoTime();
        console.printf("teacher %s: embedding %,d images (and mirrors) in %d Spark task%s%n", spec.model().getFileName(), ordered.size(),
                ranges.size(), ranges.size() == 1 ? "" : "s");
        List<JavaFutureAction<List<Embedded>>> running = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            Part part = new Part(i, ranges.size(), new ArrayList<>(ranges.get(i)));
            sc.setJobDescription("teacher embeddings part " + (i + 1) + "/" + ranges.size());
            running.add(sc.parallelize(List.of(part), 1).map(p -> embed(p, folder, model, preprocessing, dim, hash, threads)).collectAsync());
        }
        Embedded[] done = new Embedded[ranges.size()];
        int finished = 0;
        try {
            while (finished < done.length) {
                for (int i = 0; i < done.length; i++) {
                    if (done[i] == null && running.get(i).isDone()) {
                        done[i] = running.get(i).get().get(0);
                        finished++;
                        console.printf("teacher embeddings: part %d/%d done (%,d images), %d/%d parts, %.1f s%n", i + 1, done.length,
                                done[i].keys().size(), finished, done.length, (System.nanoTime() - start) / 1e9);
                    }
                }
                if (finished < done.length) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while the teacher embeddings were computed", e);
        } catch (java.util.concurrent.ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("a teacher-embedding task failed: " + cause.getMessage(), cause);
        }
        List<TeacherEmbeddings> joined = new ArrayList<>();
        for (Embedded e : done) {
            joined.add(new TeacherEmbeddings(e.teacherHash(), e.keys(), e.plain(), e.flipped()));
        }
        return TeacherEmbeddingCache.concat(joined);
    }

    /** A task: the teacher's embeddings of one part's images, read from the shared dataset folder. */
    static Embedded embed(Part p, String folder, String model, String preprocessing, int dim, String hash, int threads) {
        TeacherSpec spec = new TeacherSpec(Path.of(model), FacePreprocessing.parse(preprocessing), dim);
        Map<String, SourceImage> byKey = new HashMap<>();
        p.images().forEach(img -> byKey.put(img.key(), img));
        try (FaceSource source = FaceSource.open(Path.of(folder))) {
            TeacherEmbeddings e = TeacherEmbeddingCache.compute(spec, hash, p.images().stream().map(SourceImage::key).toList(),
                    key -> source.bytes(byKey.get(key)), threads, " part " + (p.index() + 1) + "/" + p.of());
            return new Embedded(p.index(), e.teacherHash(), e.keys(), e.plain(), e.flipped());
        }
    }
}
