package org.facenas.data.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.facenas.data.FaceDataset;
import org.facenas.data.SharedData;
import org.facenas.data.cli.DataCommand;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Plants problems in a small temporary copy of celeba112 and checks they are all found. */
class DatasetCheckerTest {

    /** Three celeba112 identities x three images, copied into {@code tmp}/images. */
    static Path copyOfFewImages(Path tmp) throws Exception {
        Path src = SharedData.celeba112().resolve("images");
        for (String id : List.of("id07201", "id07202", "id07203")) {
            Files.createDirectories(tmp.resolve("images/" + id));
            for (int n = 1; n <= 3; n++) {
                String name = String.format("%s/%s_%04d.jpg", id, id, n);
                Files.copy(src.resolve(name), tmp.resolve("images/" + name));
            }
        }
        return tmp;
    }

    @Test
    void cleanCopyIsClean(@TempDir Path tmp) throws Exception {
        Path data = copyOfFewImages(tmp);
        Pairs pairs = Pairs.of(1, 1, List.of(Pair.same(0, "id07201", 1, 2), Pair.different(0, "id07202", 1, "id07203", 3)));
        CheckReport r = DatasetChecker.expectingSize(112, 112).check(FaceDataset.open(data), List.of(pairs));
        assertTrue(r.isClean(), String.join("\n", r.summaryLines()));
        assertEquals(3, r.identities());
        assertEquals(9, r.images());
        assertEquals(0, run("check", "--data", data.toString()).exitCode);
    }

    @Test
    void findsPlantedProblems(@TempDir Path tmp) throws Exception {
        Path data = copyOfFewImages(tmp);
        Path img = data.resolve("images/id07201/id07201_0003.jpg");
        byte[] bytes = Files.readAllBytes(img);
        Files.write(img, Arrays.copyOf(bytes, bytes.length / 3));
        Files.copy(data.resolve("images/id07202/id07202_0001.jpg"), data.resolve("images/id07203/id07203_0004.jpg"));
        Path pairsFile = data.resolve("pairs.txt");
        Pairs.of(1, 1, List.of(Pair.same(0, "id07201", 1, 2), Pair.different(0, "id07202", 1, "id09999", 1))).write(pairsFile);

        CheckReport r = DatasetChecker.expectingSize(112, 112).check(FaceDataset.open(data), List.of(Pairs.read(pairsFile)));
        assertEquals(1, r.unreadable().size(), r.unreadable().toString());
        assertTrue(r.unreadable().get(0).startsWith("images/id07201/id07201_0003.jpg"));
        assertEquals(List.of(List.of("images/id07202/id07202_0001.jpg", "images/id07203/id07203_0004.jpg")), r.duplicateGroups());
        assertEquals(1, r.missingInPairs().size());
        assertTrue(r.missingInPairs().get(0).contains("id09999"));
        assertTrue(r.wrongSize().isEmpty());

        Result cli = run("check", "--data", data.toString(), "--pairs", pairsFile.toString());
        assertEquals(1, cli.exitCode);
        assertTrue(cli.err.contains("1 unreadable") && cli.err.contains("id09999"), cli.err);

        CheckReport wrong = DatasetChecker.expectingSize(96, 96).check(FaceDataset.open(data), List.of());
        assertEquals(r.images() - 1, wrong.wrongSize().size());
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo(@TempDir Path tmp) throws Exception {
        Result missingDir = run("check", "--data", tmp.resolve("nope").toString());
        assertEquals(2, missingDir.exitCode);
        assertEquals(1, missingDir.err.strip().lines().count(), missingDir.err);
        assertTrue(missingDir.err.contains("nope"));

        Result badNumber = run("split", "--data", tmp.toString(), "--test-fraction", "abc", "--pair-count", "20", "--seed", "1");
        assertEquals(2, badNumber.exitCode);
        assertEquals(1, badNumber.err.strip().lines().count(), badNumber.err);
        assertTrue(badNumber.err.contains("--test-fraction"));

        Result missingModel = run("align", "--data", tmp.toString(), "--out", tmp.resolve("o").toString(),
                "--detector", tmp.resolve("missing.onnx").toString());
        assertEquals(2, missingModel.exitCode);
        assertTrue(missingModel.err.contains("missing.onnx") && missingModel.err.contains("--detector"), missingModel.err);

        Result badPairs = run("split", "--data", tmp.toString(), "--test-fraction", "0.2", "--pair-count", "33", "--seed", "1");
        assertEquals(2, badPairs.exitCode);
        assertTrue(badPairs.err.contains("--pair-count must be a positive multiple of 20"), badPairs.err);
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = DataCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
