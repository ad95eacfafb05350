package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.recordio.InsightFaceRecordsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --data} on an InsightFace set: no people file needed, the set's lfw.bin (else first .bin) is the default pairs. */
class DatasetOptionsRecordIoTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        DatasetOptions dataset;
    }

    private static DatasetOptions parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.dataset;
    }

    @Test
    void anInsightFaceSetNeedsNoPeopleFileAndScoresOnItsBin(@TempDir Path dir) throws Exception {
        try (InsightFaceRecordsWriter w = InsightFaceRecordsWriter.create(dir, 112, 112)) {
            w.beginIdentity("a");
            w.addImage("x".getBytes(StandardCharsets.US_ASCII), 1);
        }
        DatasetOptions noBin = parse("--data", dir.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, noBin::pairs);
        assertTrue(e.getMessage().startsWith("--pairs"), e.getMessage());

        VerificationBin bin = new VerificationBin(List.of(new byte[] {1}, new byte[] {2}), List.of(true));
        bin.write(dir.resolve("agedb_30.bin"));
        bin.write(dir.resolve("lfw.bin"));
        DatasetOptions o = parse("--data", dir.toString());
        assertNull(o.trainPeople(), "every identity of train.rec trains");
        assertEquals(dir.resolve("lfw.bin").toAbsolutePath().normalize(), o.pairs().toAbsolutePath().normalize());
        assertEquals(dir.resolve("agedb_30.bin"), parse("--data", dir.toString(), "--pairs", dir.resolve("agedb_30.bin").toString()).pairs());
        // an LFW folder still needs its files
        Path lfw = Files.createDirectories(dir.resolve("lfw-layout/images/a"));
        assertThrows(IllegalArgumentException.class, () -> parse("--data", lfw.getParent().getParent().toString()).trainPeople());
    }

    /** Several sets: every .bin by default (lfw.bin first), or --pairs repeated or comma-listed, names looked up in DIR. */
    @Test
    void verificationTakesEverySetOrTheListGiven(@TempDir Path dir) throws Exception {
        try (InsightFaceRecordsWriter w = InsightFaceRecordsWriter.create(dir, 112, 112)) {
            w.beginIdentity("a");
            w.addImage("x".getBytes(StandardCharsets.US_ASCII), 1);
        }
        VerificationBin bin = new VerificationBin(List.of(new byte[] {1}, new byte[] {2}), List.of(true));
        for (String set : List.of("cfp_fp.bin", "agedb_30.bin", "lfw.bin")) {
            bin.write(dir.resolve(set));
        }
        assertEquals(List.of("lfw.bin", "agedb_30.bin", "cfp_fp.bin"),
                parse("--data", dir.toString()).verification().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of(dir.resolve("cfp_fp.bin"), dir.resolve("lfw.bin")),
                parse("--data", dir.toString(), "--pairs", "cfp_fp.bin,lfw.bin").verification());
        assertEquals(List.of(dir.resolve("agedb_30.bin"), dir.resolve("lfw.bin")),
                parse("--data", dir.toString(), "--pairs", "agedb_30.bin", "--verification", dir.resolve("lfw.bin").toString()).verification());
        assertEquals(dir.resolve("cfp_fp.bin"), parse("--data", dir.toString(), "--pairs", "cfp_fp.bin,lfw.bin").pairs(), "the first ranks");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--data", dir.toString(), "--pairs", "lfw.bin,missing.bin").verification());
        assertTrue(e.getMessage().startsWith("--pairs missing.bin does not exist"), e.getMessage());
    }
}
