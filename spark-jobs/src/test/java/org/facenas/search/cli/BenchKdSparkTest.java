package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facenas.data.SharedData;
import org.facenas.records.proxy.KdSettings;
import org.facenas.search.TinyTrajectory;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * bench kd on real Spark (local), real training and the real teacher: each training is one task recorded in the run
 * directory, a rerun trains nothing and reports the same pairs, and bad options are one-line errors before anything trains.
 */
class BenchKdSparkTest {

    static final Path CELEBA = SharedData.celeba112();
    // as wide as the teacher, so that the run without KD has a held-out cosine too
    static final String ARCH = "stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32,head_c64_gdc_emb512";

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private Run bench(String... args) {
        CommandLine cli = FaceNas.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("bench", "kd"));
        all.addAll(List.of(args));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void eachTrainingIsOneRecordedTaskAndARerunTrainsNothing() throws Exception {
        Path few = TinyTrajectory.sixTrainingIdentities(CELEBA, tmp);
        Path dir = tmp.resolve("kd");
        String[] args = {"--data", CELEBA.toString(), "--train-people", few.toString(), "--teacher", SharedData.teacher().toString(),
                "--teacher-cache", tmp.resolve("cache").toString(),
                "--proxy", "t1=tiny:epochs=1:trainIdentities=0:imagesPerIdentity=6", "--archs", ARCH, "--seeds", "1",
                "--kd", "default", "--out", dir.toString(), "--ceiling-images", "0", "--resamples", "200", "--json"};
        Run first = bench(args);
        assertEquals(0, first.code(), first.err());
        JsonNode doc = new ObjectMapper().readTree(first.out());
        assertEquals(1, doc.get("variants").size());
        JsonNode v = doc.get("variants").get(0);
        assertEquals(KdSettings.parse("default", null).spec(), v.get("kd").asText());
        assertEquals(1, v.get("pairs").asInt());
        assertTrue(v.get("meanHeldOutCosine").isNumber() && v.get("meanTrainCosine").isNumber(), v.toString());
        List<String> lines = Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS));
        assertEquals(2, lines.size(), "one record per training: without KD and with it");
        for (String line : lines) {
            JsonNode r = new ObjectMapper().readTree(line);
            assertEquals("OK", r.get("result").get("status").asText(), line);
            assertNotNull(r.get("result").get("heldOutTeacherCosine").numberValue(), "held-out cosine measured in the Spark task: " + line);
            assertTrue(r.get("executor").asText().length() > 0);
        }
        double gain = doc.get("runs").get(0).get("accuracyWithKd").asDouble() - doc.get("runs").get(0).get("accuracyWithoutKd").asDouble();
        assertEquals(gain, v.get("meanGain").asDouble(), 1e-12);

        Run again = bench(args);
        assertEquals(0, again.code(), again.err());
        assertEquals(lines, Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS)), "nothing trained again");
        assertEquals(doc.get("runs"), new ObjectMapper().readTree(again.out()).get("runs"));

        List<String> reportArgs = new ArrayList<>(List.of(args));
        reportArgs.add("--report-only");
        Run report = bench(reportArgs.toArray(String[]::new));
        assertEquals(0, report.code(), report.err());
        assertEquals(doc.get("variants"), new ObjectMapper().readTree(report.out()).get("variants"));
    }

    @Test
    void multiStepKdFromATrajectoryTrainedHereIsPairedWithTheSameRunsAsTheOnnxTeacher() throws Exception {
        Path few = TinyTrajectory.sixTrainingIdentities(CELEBA, tmp);
        Path trajectory = TinyTrajectory.train(CELEBA, few, 2, tmp.resolve("traj32"));
        assertTrue(Files.readString(trajectory.resolve("teacher.json")).contains("\"inputSize\":32"), "the checkpoints' input size is declared");
        Path dir = tmp.resolve("kd");
        String[] args = {"--data", CELEBA.toString(), "--train-people", few.toString(), "--teacher", SharedData.teacher().toString(),
                "--teacher-cache", tmp.resolve("cache").toString(),
                "--proxy", "t1=tiny:epochs=2:trainIdentities=0:imagesPerIdentity=6", "--archs", ARCH, "--seeds", "1",
                "--kd", "cosine@10", "--teacher-trajectory", trajectory.toString(), "--trajectory-kd", "cosine@10", "--trajectory-last",
                "--out", dir.toString(), "--ceiling-images", "0", "--resamples", "200", "--json"};
        Run first = bench(args);
        assertEquals(0, first.code(), first.err());
        JsonNode doc = new ObjectMapper().readTree(first.out());
        List<String> labels = new ArrayList<>();
        doc.get("variants").forEach(v -> labels.add(v.get("kd").asText()));
        assertEquals(List.of("cosine@10.0", "cosine@10.0 from multistep:traj32", "cosine@10.0 from last:traj32"), labels);
        List<String> lines = Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS));
        assertEquals(4, lines.size(), "no KD once, then the ONNX teacher, the trajectory multi-step and its last checkpoint");
        Map<String, JsonNode> byTeacher = new java.util.HashMap<>();
        for (String line : lines) {
            JsonNode r = new ObjectMapper().readTree(line);
            assertEquals("OK", r.get("result").get("status").asText(), line);
            byTeacher.put(r.path("teacher").asText("onnx") + "/" + r.get("kd").asText(), r.get("result"));
        }
        assertTrue(byTeacher.get("multistep:traj32/cosine@10.0").get("kd").asText().contains("multistep(2 checkpoints)"),
                byTeacher.get("multistep:traj32/cosine@10.0").toString());
        assertTrue(!byTeacher.get("last:traj32/cosine@10.0").get("kd").asText().contains("multistep"), "the last checkpoint alone is one teacher");
        assertTrue(byTeacher.get("multistep:traj32/cosine@10.0").get("heldOutTeacherCosine").isNumber(),
                "held-out cosine against the trajectory's last checkpoint");
        assertTrue(byTeacher.get("multistep:traj32/cosine@10.0").get("accuracy").asDouble()
                != byTeacher.get("onnx/cosine@10.0").get("accuracy").asDouble()
                || byTeacher.get("multistep:traj32/cosine@10.0").get("studentTeacherCosine").asDouble()
                != byTeacher.get("onnx/cosine@10.0").get("studentTeacherCosine").asDouble(), "another teacher trains another student");
        Run again = bench(args);
        assertEquals(0, again.code(), again.err());
        assertEquals(lines, Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS)), "nothing trained again");
    }

    @Test
    void badOptionsAreOneLineErrorsBeforeAnythingTrains() {
        Path dir = tmp.resolve("never");
        Map<String, List<String>> cases = Map.of(
                "--ceiling-images", List.of("--ceiling-images", "-3"),
                "imagesPerIdentity", List.of("--proxy", "x=tiny:imagesPerIdentity=-1"),
                "sampled:1:x", List.of("--archs", "sampled:1:x"),
                "--task-cpus", List.of("--task-cpus", "0"),
                "holds no bench run", List.of("--report-only"),
                "--trajectory-last needs --teacher-trajectory", List.of("--trajectory-last"),
                "+extra needs one teacher", List.of("--teacher-trajectory", "/nonexistent", "--trajectory-kd", "cosine+extra=8"));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("--archs", "ds-face-k7", "--seeds", "1", "--out", dir.toString()));
            args.addAll(c.getValue());
            Run r = bench(args.toArray(String[]::new));
            assertEquals(2, r.code(), c.getKey() + ": " + r.err());
            assertTrue(r.err().contains(c.getKey()), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
        assertTrue(!Files.exists(dir.resolve(BenchRunDirectory.RECORDS)), "nothing recorded");
    }

    @Test
    void sampledArchitecturesAreExactlyTheCountAskedForOrAnError() {
        Map<String, Architecture> mixed = BenchArchitectures.resolve(List.of(("ds-face-k7," + ARCH + ",iresnet-mini").split(",")));
        assertEquals(List.of("ds-face-k7", ARCH, "iresnet-mini"), new ArrayList<>(mixed.keySet()), "a block string's commas stay inside it");
        Map<String, Architecture> three = BenchArchitectures.resolve(List.of("sampled:3:7", "mobilefacenet"));
        assertEquals(List.of("sampled:3:7/1", "sampled:3:7/2", "sampled:3:7/3", "mobilefacenet"), new ArrayList<>(three.keySet()));
        three.values().stream().limit(3).forEach(a -> assertTrue(CostModel.of(a).mflops() < BenchArchitectures.SAMPLED_MFLOPS));
        assertEquals(4, three.values().stream().distinct().count());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BenchArchitectures.resolve(List.of("sampled:" + (BenchArchitectures.MAX_DRAWS + 1) + ":7")));
        assertTrue(e.getMessage().startsWith("--archs sampled:") && e.getMessage().contains("only "), e.getMessage());
    }
}
