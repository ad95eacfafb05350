package org.facenas.data.cfp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.facenas.data.align.FivePoints;
import org.facenas.data.align.Point;
import org.facenas.data.bin.VerificationBin;

/**
 * Raw CFP to {@code cfp_ff.bin} and {@code cfp_fp.bin}: every photo a protocol pair uses is aligned once
 * ({@link CfpFaceAligner}), then each set is written with all its pairs in protocol order, so the contiguous folds
 * InsightFace scores a .bin with are the protocol's folds. Beside them: {@value #REPORT} (one row per photo: origin of
 * its five points, score, points, reason), {@code cfp_ff_pairs.tsv}/{@code cfp_fp_pairs.tsv} (pair, fold, same,
 * photos) and {@value #SUMMARY}. If any photo fails, the report is written, no .bin is, and the import fails naming
 * the photos: a pair is never dropped.
 */
public final class CfpImporter {

    public static final String REPORT = "cfp_import_report.tsv";
    public static final String SUMMARY = "cfp_import_summary.json";

    private final CfpFaceAligner aligner;
    private final int threads;
    private final PrintStream progress;

    public CfpImporter(CfpFaceAligner aligner, int threads, PrintStream progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.aligner = aligner;
        this.threads = threads;
        this.progress = progress;
    }

    /** The files an import writes into {@code out}: an existing one needs --force. */
    public static List<Path> outputs(Path out) {
        List<Path> files = new ArrayList<>();
        for (CfpSet s : CfpSet.values()) {
            files.add(out.resolve(s.binName()));
            files.add(out.resolve(s.pairsName()));
        }
        files.add(out.resolve(REPORT));
        files.add(out.resolve(SUMMARY));
        return files;
    }

    /**
     * What an import did.
     *
     * @param pairs    pairs written per set
     * @param origins  per view, how many faces each origin aligned
     * @param failures one line per failed photo (empty when the .bin files were written)
     */
    public record Summary(Map<CfpSet, Integer> pairs, Map<CfpView, Map<FaceOrigin, Integer>> origins, List<String> failures,
                          double seconds) {

        /** Faces aligned from the dataset's landmarks, all views. */
        public int fromLandmarks() {
            return origins.values().stream().flatMap(m -> m.entrySet().stream()).filter(e -> e.getKey().fromLandmarks())
                    .mapToInt(Map.Entry::getValue).sum();
        }

        /** Faces of an origin, all views. */
        public int count(FaceOrigin origin) {
            return origins.values().stream().mapToInt(m -> m.getOrDefault(origin, 0)).sum();
        }
    }

    /** Imports the raw CFP folder {@code root} into {@code out}. */
    public Summary run(Path root, Path out) throws IOException {
        long start = System.nanoTime();
        CfpProtocol protocol = CfpProtocol.read(root);
        List<CfpImage> images = protocol.usedImages();
        List<ImportedFace> faces = alignAll(root, images);
        Files.createDirectories(out);
        writeReport(out.resolve(REPORT), faces);
        Map<CfpView, Map<FaceOrigin, Integer>> origins = new EnumMap<>(CfpView.class);
        List<String> failures = new ArrayList<>();
        Map<CfpImage, ImportedFace> byImage = new HashMap<>();
        for (ImportedFace f : faces) {
            origins.computeIfAbsent(f.image().view(), v -> new EnumMap<>(FaceOrigin.class)).merge(f.origin(), 1, Integer::sum);
            byImage.put(f.image(), f);
            if (f.origin() == FaceOrigin.FAILED) {
                failures.add(f.image().relative() + ": " + f.reason());
            }
        }
        Map<CfpSet, Integer> written = new EnumMap<>(CfpSet.class);
        if (failures.isEmpty()) {
            for (CfpSet set : CfpSet.values()) {
                List<CfpPair> pairs = protocol.pairs(set);
                List<byte[]> bins = new ArrayList<>(2 * pairs.size());
                List<Boolean> same = new ArrayList<>(pairs.size());
                List<String> rows = new ArrayList<>(List.of("pair\tfold\tsame\tfirst\tsecond"));
                for (CfpPair p : pairs) {
                    bins.add(byImage.get(p.first()).jpeg());
                    bins.add(byImage.get(p.second()).jpeg());
                    same.add(p.same());
                    rows.add(rows.size() - 1 + "\t" + (p.fold() + 1) + "\t" + p.same() + "\t" + p.first().relative() + "\t" + p.second().relative());
                }
                new VerificationBin(bins, same).write(out.resolve(set.binName()));
                Files.write(out.resolve(set.pairsName()), rows, StandardCharsets.UTF_8);
                written.put(set, pairs.size());
            }
        }
        Summary s = new Summary(written, origins, failures, (System.nanoTime() - start) / 1e9);
        writeSummary(out.resolve(SUMMARY), s, protocol);
        return s;
    }

    private List<ImportedFace> alignAll(Path root, List<CfpImage> images) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cfp-align");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<ImportedFace>> futures = new ArrayList<>(images.size());
            for (CfpImage image : images) {
                futures.add(pool.submit(() -> {
                    ImportedFace f = aligner.align(root, image);
                    int n = done.incrementAndGet();
                    if (n % 100 == 0) {
                        progress.printf(Locale.ROOT, "\rcfp: %d/%d photos aligned, %.1f photos/s", n, images.size(),
                                n / ((System.nanoTime() - start) / 1e9));
                    }
                    return f;
                }));
            }
            List<ImportedFace> out = new ArrayList<>(images.size());
            for (Future<ImportedFace> f : futures) {
                out.add(f.get());
            }
            progress.printf(Locale.ROOT, "\rcfp: %d/%d photos aligned%n", images.size(), images.size());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("CFP import interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("CFP alignment worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void writeReport(Path file, List<ImportedFace> faces) throws IOException {
        List<String> lines = new ArrayList<>(faces.size() + 1);
        lines.add("source\tview\torigin\tdet_score\tlex\tley\trex\trey\tnx\tny\tlmx\tlmy\trmx\trmy\treason");
        for (ImportedFace f : faces) {
            StringBuilder sb = new StringBuilder(f.image().relative()).append('\t').append(f.image().view().folder())
                    .append('\t').append(f.origin().name().toLowerCase(Locale.ROOT)).append('\t')
                    .append(Float.isNaN(f.score()) ? "" : String.format(Locale.ROOT, "%.4f", f.score()));
            FivePoints p = f.points();
            for (int i = 0; i < 5; i++) {
                Point q = p == null ? null : p.asList().get(i);
                sb.append('\t').append(q == null ? "" : String.format(Locale.ROOT, "%.2f", q.x()))
                        .append('\t').append(q == null ? "" : String.format(Locale.ROOT, "%.2f", q.y()));
            }
            lines.add(sb.append('\t').append(f.reason()).toString());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static void writeSummary(Path file, Summary s, CfpProtocol protocol) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", "cfp");
        root.put("folds", protocol.folds());
        ObjectNode sets = root.putObject("sets");
        for (CfpSet set : CfpSet.values()) {
            ObjectNode n = sets.putObject(set.binName());
            n.put("protocolPairs", protocol.pairs(set).size());
            n.put("pairsWritten", s.pairs().getOrDefault(set, 0));
            int[] perFold = new int[protocol.folds()];
            protocol.pairs(set).forEach(p -> perFold[p.fold()]++);
            n.set("pairsPerFold", json.valueToTree(perFold));
        }
        root.set("faces", json.valueToTree(s.origins()));
        root.put("fromDetector", s.count(FaceOrigin.DETECTOR));
        root.put("fromDatasetLandmarks", s.fromLandmarks());
        root.set("failures", json.valueToTree(s.failures()));
        root.put("seconds", Math.round(s.seconds() * 10) / 10.0);
        json.writeValue(file.toFile(), root);
    }
}
