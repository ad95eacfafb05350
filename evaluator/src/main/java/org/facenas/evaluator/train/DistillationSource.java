package org.facenas.evaluator.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.facenas.distill.teacher.TeacherEmbeddingCache;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.distill.teacher.TeacherTrajectory;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;

/**
 * The one place teacher targets are prepared: which images a teacher embeds for a proxy and a KD setting (the
 * proxy's own training images, or with {@code +extra} every training image), the cache they are kept in, where a
 * missing cache is computed (in this process, or through a {@link Backend} such as Spark tasks), and the
 * {@link Distillation} a student then learns from. {@code evaluate}, {@code train}, {@code bench kd}, {@code bench proxy}
 * and the search prepare through it; their Spark tasks read the files back with {@link #read}. A new KD option that
 * changes what the teacher embeds changes this class alone.
 *
 * @param kd                 the KD the targets are for; null for none (nothing is embedded) or, with {@link #of(Teacher, Path)},
 *                           for any KD (the teacher embeds the proxy's own images, or every training image if asked)
 * @param teacher            where the targets come from
 * @param cache              the folder of teacher-embedding cache files
 * @param everyTrainingImage embed every training image whatever the KD (one cache then serves variants with and
 *                           without {@code +extra}, and every subset proxy of the data)
 * @param threads            ONNX Runtime threads of an in-process computation
 * @param backend            computes a missing cache instead of this process (null: in this process)
 * @param console            where each teacher's outcome is printed, one line each (null: the log only)
 */
public record DistillationSource(KdSettings kd, Teacher teacher, Path cache, boolean everyTrainingImage, int threads,
                                 Backend backend, PrintStream console) {

    /** One ONNX teacher, or a trajectory of checkpoints (PocketNet's multi-step KD) in epoch order. */
    public record Teacher(List<TeacherSpec> specs, boolean trajectory) {
        public Teacher {
            specs = List.copyOf(specs);
            if (specs.isEmpty() || !trajectory && specs.size() != 1) {
                throw new IllegalArgumentException(trajectory ? "a teacher trajectory needs at least one checkpoint"
                        : "one ONNX teacher, not " + specs.size());
            }
        }

        public static Teacher onnx(TeacherSpec spec) {
            return new Teacher(List.of(spec), false);
        }

        /** The checkpoints of a folder written by {@code facenas teacher train}; an error naming it when incomplete. */
        public static Teacher trajectory(Path folder) {
            return new Teacher(TeacherTrajectory.read(folder), true);
        }

        /** The teacher a student ends with: the ONNX model, or the trajectory's last checkpoint. */
        public TeacherSpec last() {
            return specs.get(specs.size() - 1);
        }
    }

    /**
     * Computes a missing cache somewhere other than this process, e.g. as Spark tasks over ranges of {@code images}'
     * training images; the file written is the one an in-process computation writes.
     */
    @FunctionalInterface
    public interface Backend {
        TeacherEmbeddingCache.Computation computation(SourceProxyData images, TeacherSpec spec);
    }

    /** The proxy's data loaded with other settings: the same dataset, people file, verification sets and subset seed. */
    @FunctionalInterface
    public interface Loader {
        SourceProxyData load(ProxySettings settings);

        /** This loader, answering {@code settings} with {@code loaded} (already in memory) rather than loading again. */
        default Loader reusing(ProxySettings settings, SourceProxyData loaded) {
            return s -> s.equals(settings) ? loaded : load(s);
        }
    }

    /** What was prepared: the distillation (null: none) and its cache files, one per teacher in epoch order. */
    public record Prepared(Distillation distillation, List<Path> files) {
        public static final Prepared NONE = new Prepared(null, List.of());

        public Prepared {
            files = List.copyOf(files);
        }
    }

    public DistillationSource {
        Objects.requireNonNull(cache, "cache");
        if (kd != null && teacher == null) {
            throw new IllegalArgumentException("KD " + kd.spec() + " needs a teacher: an ONNX model or a teacher trajectory");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("teacher threads must be at least 1, got " + threads);
        }
        KdSettings.requireOneTeacherForExtra(kd, teacher != null && teacher.trajectory());
    }

    /** Targets for {@code kd} (null: none, and nothing is embedded) from {@code teacher}, cached in {@code cache}; 2 threads. */
    public static DistillationSource of(KdSettings kd, Teacher teacher, Path cache) {
        return new DistillationSource(kd, teacher, cache, false, 2, null, null);
    }

    /** The teacher's embeddings for any KD (the tasks that read them carry their own): {@link #files} only. */
    public static DistillationSource of(Teacher teacher, Path cache) {
        return new DistillationSource(null, Objects.requireNonNull(teacher, "teacher"), cache, false, 2, null, null);
    }

    public DistillationSource embeddingEveryTrainingImage() {
        return new DistillationSource(kd, teacher, cache, true, threads, backend, console);
    }

    public DistillationSource withThreads(int n) {
        return new DistillationSource(kd, teacher, cache, everyTrainingImage, n, backend, console);
    }

    public DistillationSource computedBy(Backend b) {
        return new DistillationSource(kd, teacher, cache, everyTrainingImage, threads, b, console);
    }

    public DistillationSource reportingTo(PrintStream out) {
        return new DistillationSource(kd, teacher, cache, everyTrainingImage, threads, backend, out);
    }

    public DistillationSource in(Path folder) {
        return new DistillationSource(kd, teacher, folder, everyTrainingImage, threads, backend, console);
    }

    /** Whether the teacher embeds every training image (not only a subset proxy's): {@code +extra} or asked for. */
    public boolean embedsEveryTrainingImage() {
        return everyTrainingImage || kd != null && kd.extra() > 0;
    }

    /**
     * The settings whose training images the teacher embeds for {@code proxy}: the proxy's own, or every training image
     * (KD-only rows are drawn from all of them; the proxy's own images are among them).
     */
    public ProxySettings imagesFor(ProxySettings proxy) {
        boolean subset = proxy.trainIdentities() > 0 || proxy.imagesPerIdentity() > 0;
        return embedsEveryTrainingImage() && subset ? proxy.derive().trainSubset(0, 0).build() : proxy;
    }

    /** The distillation a student of {@code proxy} trains with, and its cache files; {@link Prepared#NONE} for no KD. */
    public Prepared prepare(ProxySettings proxy, Loader loader) {
        if (kd == null) {
            return Prepared.NONE;
        }
        List<TeacherEmbeddingCache.Outcome> outcomes = embed(proxy, loader);
        List<TeacherEmbeddings> embeddings = outcomes.stream().map(TeacherEmbeddingCache.Outcome::embeddings).toList();
        Distillation d = teacher.trajectory() ? Distillation.fromTrajectory(kd, embeddings) : Distillation.from(kd, embeddings.get(0));
        return new Prepared(d, outcomes.stream().map(TeacherEmbeddingCache.Outcome::file).toList());
    }

    /**
     * The teacher's cache files (absolute) for {@code proxy}, one per teacher in epoch order, from the cache or computed
     * into it (whatever the KD: the tasks that read them carry theirs); empty without a teacher.
     */
    public List<Path> files(ProxySettings proxy, Loader loader) {
        if (teacher == null) {
            return List.of();
        }
        return embed(proxy, loader).stream().map(o -> o.file().toAbsolutePath()).toList();
    }

    private List<TeacherEmbeddingCache.Outcome> embed(ProxySettings proxy, Loader loader) {
        SourceProxyData images = loader.load(imagesFor(proxy));
        List<TeacherEmbeddingCache.Outcome> out = new ArrayList<>();
        for (TeacherSpec spec : teacher.specs()) {
            TeacherEmbeddingCache.Outcome o = backend == null ? images.teacherEmbeddings(cache, spec, threads)
                    : images.teacherEmbeddings(cache, spec, backend.computation(images, spec));
            if (console != null) {
                console.printf(Locale.ROOT, "teacher %s: %s %d embeddings (and mirrors) in %.1f s: %s%n", spec.model().getFileName(),
                        o.reused() ? "reused" : "computed", o.embeddings().keys().size(), o.seconds(), o.file());
            }
            out.add(o);
        }
        return out;
    }

    /**
     * The teacher's L2-normalised embeddings of {@code data}'s scoring images (never trained on), in their order, by
     * the teacher a student ends with: what the held-out student-teacher cosine compares against.
     */
    public float[][] heldOut(SourceProxyData data) {
        return data.scoringTeacherEmbeddings(cache, teacher.last(), threads);
    }

    /**
     * The distillation a Spark task trains with, from the cache files {@link #files} wrote: one file is one teacher,
     * several a trajectory in epoch order; null for no KD or no files.
     */
    public static Distillation read(KdSettings kd, List<String> files) {
        if (kd == null || files.isEmpty()) {
            return null;
        }
        List<TeacherEmbeddings> embeddings = files.stream().map(f -> TeacherEmbeddingCache.read(Path.of(f))).toList();
        return embeddings.size() == 1 ? Distillation.from(kd, embeddings.get(0)) : Distillation.fromTrajectory(kd, embeddings);
    }
}
