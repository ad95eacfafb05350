package org.facenas.data.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.FaceDataset;
import org.facenas.data.FaceImageFile;
import org.facenas.data.SharedData;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.cli.DataCommand;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.recordio.InsightFaceProperty;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.RecordIoSource;
import org.facenas.data.source.SourceImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** celeba112 through {@code data pack} and {@code data unpack}: identities, bytes, labels and pairs survive. */
class PackRoundTripTest {

    @Test
    void celebaPackReadBackAndUnpackAreByteEqual(@TempDir Path tmp) throws Exception {
        Path celeba = SharedData.celeba112();
        Path packed = tmp.resolve("packed");
        StringWriter log = new StringWriter();
        assertEquals(0, cli(log).execute("pack", "--data", celeba.toString(), "--out", packed.toString()), log.toString());
        assertTrue(log.toString().contains("packed 222 identities"), log.toString());

        People people = People.read(celeba.resolve("peopleDevTrain.txt"));
        FaceDataset folder = FaceDataset.open(celeba);
        try (FaceSource source = FaceSource.open(packed)) {
            RecordIoSource rio = (RecordIoSource) source;
            assertEquals(FaceSource.Format.INSIGHTFACE_RECORDIO, source.format());
            assertEquals(people.names(), source.identities());
            assertEquals(new InsightFaceProperty(222, 112, 112), InsightFaceProperty.read(packed.resolve("property")));
            long images = 0;
            for (int c = 0; c < people.names().size(); c++) {
                String name = people.names().get(c);
                List<FaceImageFile> files = folder.images(name);
                List<SourceImage> recs = source.images(name);
                assertEquals(files.size(), recs.size(), name);
                for (int i = 0; i < files.size(); i++) {
                    assertArrayEquals(Files.readAllBytes(files.get(i).path()), source.bytes(recs.get(i)), name + " image " + i);
                    assertEquals(c, (int) rio.header(recs.get(i)).label(), "class label of " + name);
                }
                images += files.size();
            }
            assertEquals(images, source.imageCount());
            // an LFW pairs number still resolves on the packed set (kept in id2)
            Pair p = Pairs.read(celeba.resolve("pairsDevTrain.txt")).pairs().get(0);
            assertArrayEquals(Files.readAllBytes(folder.lfwImagePath(p.name1(), p.n1()).orElseThrow()),
                    source.bytes(source.lfwImage(p.name1(), p.n1()).orElseThrow()));
            assertEquals(List.of(packed.resolve("pairsDevTest.bin").toAbsolutePath().normalize()), source.defaultVerification());
        }

        // the .bin: the pairs file's pairs, in order, with the files' bytes
        Pairs pairs = Pairs.read(celeba.resolve("pairsDevTest.txt"));
        VerificationBin bin = VerificationBin.read(packed.resolve("pairsDevTest.bin"));
        assertEquals(pairs.pairs().size(), bin.pairCount());
        int[] folds = bin.folds(10);
        for (int i = 0; i < pairs.pairs().size(); i += 37) {
            Pair q = pairs.pairs().get(i);
            assertEquals(q.isSame(), bin.issame().get(i));
            assertEquals(q.fold(), folds[i], "InsightFace's contiguous fold of pair " + i);
            assertArrayEquals(Files.readAllBytes(folder.lfwImagePath(q.name2(), q.n2()).orElseThrow()), bin.second(i));
        }

        // unpack gives back the same files, names and people
        Path unpacked = tmp.resolve("unpacked");
        assertEquals(0, cli(log).execute("unpack", "--data", packed.toString(), "--out", unpacked.toString()), log.toString());
        FaceDataset back = FaceDataset.open(unpacked);
        assertEquals(people.names().stream().sorted().toList(), back.identities());
        for (String name : people.names()) {
            List<FaceImageFile> a = folder.images(name);
            List<FaceImageFile> b = back.images(name);
            assertEquals(a.stream().map(FaceImageFile::relativePath).toList(), b.stream().map(FaceImageFile::relativePath).toList());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(Files.readAllBytes(a.get(i).path()), Files.readAllBytes(b.get(i).path()));
            }
        }
        assertEquals(people.all(), People.read(unpacked.resolve("peopleDevTrain.txt")).all());
        assertTrue(Files.isRegularFile(unpacked.resolve("pairsDevTest.bin")));
    }

    @Test
    void badInputIsOneLineAndExitCode2(@TempDir Path tmp) throws Exception {
        StringWriter log = new StringWriter();
        Path notASet = Files.createDirectories(tmp.resolve("not-a-set"));
        assertEquals(2, cli(log).execute("unpack", "--data", notASet.toString(), "--out", tmp.resolve("o").toString()));
        assertTrue(log.toString().contains("train.rec"), log.toString());
        assertEquals(1, log.toString().trim().lines().count(), log.toString());

        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("train.rec"), "not a record file at all");
        Files.writeString(broken.resolve("train.idx"), "0\t0\n");
        StringWriter log2 = new StringWriter();
        assertEquals(2, cli(log2).execute("unpack", "--data", broken.toString(), "--out", tmp.resolve("o2").toString()));
        assertTrue(log2.toString().contains("0xced7230a") && log2.toString().contains("record 0"), log2.toString());
        assertEquals(1, log2.toString().trim().lines().count(), log2.toString());
    }

    private static CommandLine cli(StringWriter sink) {
        CommandLine cl = DataCommand.commandLine();
        cl.setOut(new PrintWriter(sink, true));
        cl.setErr(new PrintWriter(sink, true));
        return cl;
    }
}
