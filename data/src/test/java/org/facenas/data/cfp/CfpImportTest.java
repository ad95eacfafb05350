package org.facenas.data.cfp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.facenas.data.SharedData;
import org.facenas.data.align.FaceWarper;
import org.facenas.data.align.FivePoints;
import org.facenas.data.align.Point;
import org.facenas.data.align.SimilarityTransform;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.cli.DataCommand;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code data import --format cfp} on five real CFP identities of two folds, copied with CFP's layout. */
class CfpImportTest {

    private static final Set<String> IDENTITIES = Set.of("001", "002", "003", "051", "052");

    @TempDir
    static Path tmp;
    static Path cfp;

    /** A copy of five identities; the split files keep only the pairs within them. */
    @BeforeAll
    static void copyFiveIdentities() throws IOException {
        Path src = SharedData.cfp();
        cfp = tmp.resolve("cfp");
        for (String id : IDENTITIES) {
            for (String part : List.of("Images", "Fiducials")) {
                Path from = src.resolve("Data").resolve(part).resolve(id);
                try (Stream<Path> s = Files.walk(from)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        Path to = cfp.resolve("Data").resolve(part).resolve(id).resolve(from.relativize(f).toString());
                        Files.createDirectories(to.getParent());
                        Files.copy(f, to);
                    }
                }
            }
        }
        Path protocol = Files.createDirectories(cfp.resolve("Protocol"));
        List<String> frontal = Files.readAllLines(src.resolve("Protocol/Pair_list_F.txt"));
        List<String> profile = Files.readAllLines(src.resolve("Protocol/Pair_list_P.txt"));
        Files.write(protocol.resolve("Pair_list_F.txt"), frontal);
        Files.write(protocol.resolve("Pair_list_P.txt"), profile);
        for (String set : List.of("FF", "FP")) {
            for (int fold = 1; fold <= 10; fold++) {
                for (String kind : List.of("same.txt", "diff.txt")) {
                    String rel = String.format("Split/%s/%02d/%s", set, fold, kind);
                    List<String> kept = new ArrayList<>();
                    for (String line : Files.readAllLines(src.resolve("Protocol").resolve(rel))) {
                        if (line.isBlank()) {
                            continue;
                        }
                        String[] ij = line.strip().split(",");
                        String a = frontal.get(Integer.parseInt(ij[0]) - 1);
                        String b = (set.equals("FF") ? frontal : profile).get(Integer.parseInt(ij[1]) - 1);
                        if (IDENTITIES.contains(a.split("/")[3]) && IDENTITIES.contains(b.split("/")[3])) {
                            kept.add(line.strip());
                        }
                    }
                    Files.createDirectories(protocol.resolve(rel).getParent());
                    Files.write(protocol.resolve(rel), kept);
                }
            }
        }
    }

    private static int execute(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = DataCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theRealProtocolHas7000PairsPerSetWhoseFoldsAreTheContiguousFoldsABinIsScoredWith() throws IOException {
        CfpProtocol p = CfpProtocol.read(SharedData.cfp());
        assertEquals(10, p.folds());
        int used = p.usedImages().size();
        assertTrue(used > 6800 && used <= 7000, "photos some pair uses: " + used);
        for (CfpSet set : CfpSet.values()) {
            List<CfpPair> pairs = p.pairs(set);
            assertEquals(7000, pairs.size(), set.name());
            int[] scoringFolds = new VerificationBin(Collections.nCopies(2 * pairs.size(), new byte[1]),
                    pairs.stream().map(CfpPair::same).toList()).folds(10);
            for (int i = 0; i < pairs.size(); i++) {
                CfpPair pair = pairs.get(i);
                assertEquals(scoringFolds[i], pair.fold(), set + " pair " + i);
                assertEquals(pair.same(), pair.first().identity().equals(pair.second().identity()), set + " pair " + i);
                assertEquals(CfpView.FRONTAL, pair.first().view());
                assertEquals(set.secondView(), pair.second().view());
            }
            assertEquals(3500, pairs.stream().filter(CfpPair::same).count());
        }
    }

    @Test
    void importsFiveIdentitiesIntoBinsTheReaderReadsWithEyesOnTheTemplate() throws IOException {
        CfpProtocol protocol = CfpProtocol.read(cfp);
        Path out = tmp.resolve("bins");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = execute(o, e, "import", "--format", "cfp", "--data", cfp.toString(), "--out", out.toString(), "--threads", "2",
                "--detector", SharedData.detector().toString(), "--landmarks", SharedData.landmarks().toString());
        assertEquals(0, code, o + "\n" + e);
        for (CfpSet set : CfpSet.values()) {
            List<CfpPair> pairs = protocol.pairs(set);
            assertTrue(pairs.size() > 20 && pairs.stream().map(CfpPair::fold).distinct().count() == 2, set + ": " + pairs.size());
            assertTrue(o.toString().contains(set.binName() + ": " + pairs.size() + " pairs"), o.toString());
            VerificationBin bin = VerificationBin.read(out.resolve(set.binName()));
            assertEquals(pairs.size(), bin.pairCount());
            assertEquals(pairs.stream().map(CfpPair::same).toList(), bin.issame());
            List<String> rows = Files.readAllLines(out.resolve(set.pairsName()));
            assertEquals(pairs.size() + 1, rows.size());
            for (int i = 0; i < pairs.size(); i++) {
                String[] f = rows.get(i + 1).split("\t");
                assertEquals(pairs.get(i).fold() + 1, Integer.parseInt(f[1]), "fold label of pair " + i);
                assertEquals(pairs.get(i).first().relative(), f[3]);
            }
            RgbImage face = ImageDecoding.decode(bin.second(0));
            assertEquals(112, face.width());
            assertEquals(112, face.height());
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve(CfpImporter.SUMMARY).toFile());
        int images = protocol.usedImages().size();
        assertEquals(images, summary.get("fromDetector").asInt() + summary.get("fromDatasetLandmarks").asInt());
        assertTrue(o.toString().contains(images + " faces aligned"), o.toString());
        System.err.println("cfp import of " + images + " photos: " + summary.get("seconds") + " s");
        assertTrue(summary.get("fromDetector").asInt() > images / 2, "the detector aligns most CFP faces: " + summary);
        assertEqualsAnnotatedEyesNearTemplate(out, images);

        StringWriter again = new StringWriter();
        assertEquals(2, execute(again, again, "import", "--format", "cfp", "--data", cfp.toString(), "--out", out.toString()));
        assertEquals(1, again.toString().strip().lines().count(), again.toString());
        assertTrue(again.toString().contains("--force"), again.toString());

        StringWriter unknown = new StringWriter();
        assertEquals(2, execute(unknown, unknown, "import", "--format", "agedb", "--data", cfp.toString(), "--out", tmp.resolve("x").toString()));
        assertTrue(unknown.toString().contains("--format agedb") && unknown.toString().contains("cfp"), unknown.toString());
    }

    /**
     * Independent of how the points were found: each photo's annotated eye, taken through the warp its report row
     * implies, lands near the template's eye of that side: within the detector's agreement tolerance, within 4 px of 112
     * for a frontal face from the landmarks (the eye is one of the fit's points), within 12 for a fitted profile.
     */
    private static void assertEqualsAnnotatedEyesNearTemplate(Path out, int images) throws IOException {
        List<String> report = Files.readAllLines(out.resolve(CfpImporter.REPORT));
        assertEquals(images + 1, report.size());
        FaceWarper warper = FaceWarper.arcFace112();
        FivePoints t = warper.template();
        int profiles = 0;
        for (String row : report.subList(1, report.size())) {
            String[] f = row.split("\t", -1);
            double[] v = new double[10];
            for (int i = 0; i < 10; i++) {
                v[i] = Double.parseDouble(f[4 + i]);
            }
            FivePoints used = new FivePoints(new Point(v[0], v[1]), new Point(v[2], v[3]), new Point(v[4], v[5]), new Point(v[6], v[7]),
                    new Point(v[8], v[9]));
            SimilarityTransform warp = warper.transformFor(used);
            CfpView view = f[1].equals("frontal") ? CfpView.FRONTAL : CfpView.PROFILE;
            String rel = f[0].replaceFirst("^Data/Images/", "Data/Fiducials/").replace(".jpg", ".txt");
            CfpFiducials marks = CfpFiducials.read(cfp.resolve(rel));
            Point eye = warp.apply(marks.eye());
            double off = eye.distance(marks.leftHalf() ? t.leftEye() : t.rightEye());
            // detector points may sit AGREEMENT x eye-to-mouth (42 px on the template) from the annotated ones
            double limit = f[2].equals("detector") ? CfpFaceAligner.AGREEMENT * 42 + 1 : view == CfpView.FRONTAL ? 4 : 12;
            assertTrue(off < limit, row + ": annotated eye lands " + off + " px from the template's");
            profiles += view == CfpView.PROFILE ? 1 : 0;
        }
        assertEquals(20, profiles);
    }

    @Test
    void withoutTheDetectorEveryFaceComesFromTheLandmarksAndAMissingFileFailsNamingIt() throws IOException {
        Path out = tmp.resolve("landmarks-only");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, execute(o, e, "import", "--format", "cfp", "--data", cfp.toString(), "--out", out.toString(), "--no-detector",
                "--threads", "2"), e.toString());
        assertTrue(o.toString().contains("0 from the detector"), o.toString());
        assertTrue(Files.readAllLines(out.resolve(CfpImporter.REPORT)).stream().skip(1).allMatch(l -> l.split("\t")[2].equals("landmarks_only")));

        Path broken = cfp.resolve("Data/Fiducials/002/profile/03.txt");
        Path saved = tmp.resolve("saved.txt");
        Files.move(broken, saved);
        try {
            Path out2 = tmp.resolve("broken");
            StringWriter o2 = new StringWriter();
            StringWriter e2 = new StringWriter();
            assertEquals(2, execute(o2, e2, "import", "--format", "cfp", "--data", cfp.toString(), "--out", out2.toString(),
                    "--no-detector", "--threads", "2"));
            assertTrue(e2.toString().contains("Data/Images/002/profile/03.jpg") && e2.toString().contains("002/profile/03.txt"), e2.toString());
            assertFalse(Files.exists(out2.resolve(CfpSet.FP.binName())), "no .bin with a pair missing");
            assertTrue(Files.readString(out2.resolve(CfpImporter.REPORT)).contains("failed"));
            assertEquals(0, o2.toString().length(), "stdout carries nothing on failure: " + o2);
        } finally {
            Files.move(saved, broken);
        }
    }
}
