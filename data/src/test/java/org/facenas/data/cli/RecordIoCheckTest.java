package org.facenas.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.SharedData;
import org.facenas.data.pack.DatasetPacker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code facenas data check} on an InsightFace set packed from celeba112 (4 training identities, 4 held-out pairs as a
 * .bin): counts, property agreement and the .bin set on a clean set; a duplicate image is a finding (exit 1); a
 * corrupt record is a one-line error naming the file and the record (exit 2).
 */
class RecordIoCheckTest {

    @TempDir
    static Path tmp;
    static Path packed;
    static int images;

    @BeforeAll
    static void pack() throws Exception {
        Path celeba = SharedData.celeba112();
        List<String> people = Files.readAllLines(celeba.resolve("peopleDevTrain.txt")).subList(1, 5);
        Files.writeString(tmp.resolve("people.txt"), "4\n" + String.join("\n", people) + "\n");
        List<String> pairs = Files.readAllLines(celeba.resolve("pairsDevTest.txt"));
        Files.writeString(tmp.resolve("pairs.txt"), "1\t2\n" + String.join("\n", pairs.subList(1, 3)) + "\n"
                + String.join("\n", pairs.subList(151, 153)) + "\n");
        packed = tmp.resolve("packed");
        DatasetPacker.pack(celeba, tmp.resolve("people.txt"), tmp.resolve("pairs.txt"), packed);
        images = people.stream().mapToInt(l -> Integer.parseInt(l.split("\t")[1])).sum();
    }

    @Test
    void aCleanSetReportsIdentitiesImagesPropertyAndItsBinSets() {
        StringWriter o = new StringWriter();
        assertEquals(0, cli(o).execute("check", "--data", packed.toString()), o.toString());
        String out = o.toString();
        assertTrue(out.contains("4 identities, " + images + " images: clean"), out);
        assertTrue(out.contains("property: 4 classes, 112x112: agrees with the identity records"), out);
        assertTrue(out.contains("pairs.bin: 4 pairs (2 same, 2 different), 8 images, all decode at 112x112"), out);
    }

    @Test
    void aDuplicateImageIsAFindingAndACorruptRecordAOneLineError() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("dup"));
        for (String f : List.of("train.rec", "train.idx", "property", "identities.tsv", "pairs.bin")) {
            Files.copy(packed.resolve(f), copy.resolve(f));
        }
        // record 2 points at record 1's bytes: the same image twice (the header still carries identity 0's label)
        List<String> idx = Files.readAllLines(copy.resolve("train.idx"));
        String offsetOf1 = idx.stream().filter(l -> l.startsWith("1\t")).findFirst().orElseThrow().split("\t")[1];
        Files.write(copy.resolve("train.idx"), idx.stream().map(l -> l.startsWith("2\t") ? "2\t" + offsetOf1 : l).toList());
        StringWriter o = new StringWriter();
        assertEquals(1, cli(o).execute("check", "--data", copy.toString()), o.toString());
        assertTrue(o.toString().contains("1 duplicate groups") && o.toString().contains("#1 = "), o.toString());

        Path broken = Files.createDirectories(tmp.resolve("broken"));
        for (String f : List.of("train.rec", "train.idx", "property", "identities.tsv", "pairs.bin")) {
            Files.copy(packed.resolve(f), broken.resolve(f));
        }
        long offsetOf3 = Long.parseLong(idx.stream().filter(l -> l.startsWith("3\t")).findFirst().orElseThrow().split("\t")[1]);
        try (RandomAccessFile rec = new RandomAccessFile(broken.resolve("train.rec").toFile(), "rw")) {
            rec.seek(offsetOf3);
            rec.write(new byte[] {0, 0, 0, 0});
        }
        StringWriter e = new StringWriter();
        assertEquals(2, cli(e).execute("check", "--data", broken.toString()), e.toString());
        assertEquals(1, e.toString().strip().lines().count(), e.toString());
        assertTrue(e.toString().contains("train.rec") && e.toString().contains("record 3"), e.toString());
    }

    private static CommandLine cli(StringWriter sink) {
        CommandLine cl = DataCommand.commandLine();
        cl.setOut(new PrintWriter(sink, true));
        cl.setErr(new PrintWriter(sink, true));
        return cl;
    }
}
