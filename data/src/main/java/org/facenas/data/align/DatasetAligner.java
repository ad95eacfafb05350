package org.facenas.data.align;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.facenas.data.FaceDataset;
import org.facenas.data.FaceImageFile;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.JpegWriter;
import org.facenas.data.image.RgbImage;

/**
 * Aligns a folder of photos (one folder per identity) into a celeba112-style dataset:
 * {@code OUT/images/ID/ID_NNNN.jpg}, numbered 1.. per identity in sorted source order over the
 * photos that aligned, plus {@code OUT/align_report.tsv} with one row per source photo.
 *
 * <p>Work is split by identity so that numbering is deterministic without a global barrier.
 */
public final class DatasetAligner {

    /** Report file name inside the output folder. */
    public static final String REPORT = "align_report.tsv";
    static final String REPORT_HEADER = "source\toutput\tstatus\tdet_score\tx1\ty1\tx2\ty2"
            + "\tlex\tley\trex\trey\tnx\tny\tlmx\tlmy\trmx\trmy\treason";

    private final FaceAligner aligner;
    private final int threads;
    private final PrintStream progress;
    private final JpegWriter jpeg = JpegWriter.withQuality(0.92f);

    private DatasetAligner(FaceAligner aligner, int threads, PrintStream progress) {
        this.aligner = aligner;
        this.threads = threads;
        this.progress = progress;
    }

    /**
     * @param aligner  the (thread-safe) aligner to use
     * @param threads  worker threads, >= 1
     * @param progress where the progress line goes (stderr in the CLI)
     */
    public static DatasetAligner using(FaceAligner aligner, int threads, PrintStream progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return new DatasetAligner(aligner, threads, progress);
    }

    /** Aligns every photo under {@code in} into {@code out}. */
    public AlignmentSummary run(Path in, Path out) throws IOException {
        long start = System.nanoTime();
        FaceDataset raw = FaceDataset.open(in);
        Files.createDirectories(out.resolve("images"));
        int total = raw.imageCount();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "align-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<List<ReportRow>>> futures = new ArrayList<>();
        try {
            for (String identity : raw.identities()) {
                futures.add(pool.submit(() -> alignIdentity(raw, identity, out, done, total, start)));
            }
            List<ReportRow> rows = new ArrayList<>(total);
            for (Future<List<ReportRow>> f : futures) {
                rows.addAll(f.get());
            }
            progress.printf(Locale.ROOT, "\ralign: %d/%d photos done%n", total, total);
            Path report = out.resolve(REPORT);
            writeReport(report, rows);
            Map<AlignStatus, Integer> counts = new EnumMap<>(AlignStatus.class);
            rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
            return new AlignmentSummary(total, counts, report, (System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("alignment interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException uio) {
                throw uio.getCause();
            }
            throw new IllegalStateException("alignment worker failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<ReportRow> alignIdentity(FaceDataset raw, String identity, Path out, AtomicInteger done,
                                          int total, long start) throws IOException {
        List<ReportRow> rows = new ArrayList<>();
        int next = 1;
        for (FaceImageFile file : raw.images(identity)) {
            FaceAlignment result;
            try {
                RgbImage photo = ImageDecoding.read(file.path());
                result = aligner.align(photo);
            } catch (IOException e) {
                result = FaceAlignment.skipped(AlignStatus.UNREADABLE, Float.NaN, null, e.getMessage());
            }
            String output = "";
            if (result.status() == AlignStatus.ALIGNED) {
                output = String.format(Locale.ROOT, "images/%s/%s_%04d.jpg", identity, identity, next++);
                jpeg.write(result.aligned(), out.resolve(output));
            }
            rows.add(new ReportRow(file.relativePath(), output, result));
            int n = done.incrementAndGet();
            if (n % 20 == 0) {
                double s = (System.nanoTime() - start) / 1e9;
                progress.printf(Locale.ROOT, "\ralign: %d/%d photos, %.1f photos/s", n, total, n / s);
            }
        }
        return rows;
    }

    private static void writeReport(Path report, List<ReportRow> rows) throws IOException {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(REPORT_HEADER);
        rows.forEach(r -> lines.add(r.toTsv()));
        Files.write(report, lines, StandardCharsets.UTF_8);
    }

    private record ReportRow(String source, String output, FaceAlignment result) {

        AlignStatus status() {
            return result.status();
        }

        String toTsv() {
            StringBuilder sb = new StringBuilder();
            sb.append(source).append('\t').append(output).append('\t').append(result.status().name().toLowerCase(Locale.ROOT));
            sb.append('\t').append(Float.isNaN(result.score()) ? "" : String.format(Locale.ROOT, "%.4f", result.score()));
            DetectedFace f = result.face();
            for (double v : f == null ? new double[0] : new double[] {f.x1(), f.y1(), f.x2(), f.y2()}) {
                sb.append('\t').append(String.format(Locale.ROOT, "%.1f", v));
            }
            if (f == null) {
                sb.append("\t\t\t\t");
            }
            FivePoints p = result.landmarks();
            if (p == null) {
                sb.append("\t".repeat(10));
            } else {
                for (Point pt : p.asList()) {
                    sb.append(String.format(Locale.ROOT, "\t%.1f\t%.1f", pt.x(), pt.y()));
                }
            }
            sb.append('\t').append(result.reason().replace('\t', ' ').replace('\n', ' '));
            return sb.toString();
        }
    }
}
