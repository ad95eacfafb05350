package org.facenas.search;

import org.facenas.search.cli.SearchJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.facenas.results.CandidateRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver (a separate JVM running the real job) is SIGKILLed after its first generation, with candidates in
 * flight; {@code --resume} finishes the run, and no candidate is evaluated twice (at a rung). Both the generational
 * loop and ASHA (aging evolution with two rungs: killed mid-flight, its state rebuilt from the records).
 */
class ResumeAfterDriverKillTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void killedDriverResumesWithoutEvaluatingAnyCandidateTwice(boolean asha, @TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("resume.yaml");
        Files.writeString(config, asha ? HalvingSearchTest.config("resume", "aging") : LocalSearchTest.config("resume", "aging", 4, 3));
        Path dir = tmp.resolve("run");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> !a.startsWith("-agentlib")).toList());
        cmd.addAll(List.of("-Dspark.master=local[2]", "-cp", System.getProperty("java.class.path"),
                SearchJob.class.getName(), "--config", config.toString(), "--out", dir.toString()));
        Process driver = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("driver.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        Path state = dir.resolve(RunDirectory.STATE);
        while (!Files.exists(state) && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(state), "the driver never finished generation 1: " + Files.readString(tmp.resolve("driver.log")));
        driver.destroyForcibly().waitFor();

        Set<String> beforeKill = new HashSet<>();
        try (RunDirectory run = RunDirectory.open(dir)) {
            long done = run.state().orElseThrow().generation();
            assertTrue(done >= 1 && done < 3, "killed after generation " + done);
            run.candidateRecords().forEach(c -> beforeKill.add(c.blockString() + "@" + c.rung()));
            LocalSearchTest.runLocal(run);
        }
        try (RunDirectory run = RunDirectory.open(dir)) {
            assertEquals(3, run.state().orElseThrow().generation());
            List<CandidateRecord> records = run.candidateRecords();
            Set<String> all = new HashSet<>();
            for (CandidateRecord c : records) {
                assertTrue(all.add(c.blockString() + "@" + c.rung()), "evaluated twice at rung " + c.rung() + ": " + c.blockString());
            }
            if (asha) {
                assertEquals(8, run.results(0).size(), "the first rung's budget, 4 + (3 - 1) x 2, is trained in all");
                SuccessiveHalving halving = new SuccessiveHalving(2, 2, org.facenas.results.RunFront.objectives(
                        List.of(org.facenas.results.Metric.ACCURACY, org.facenas.results.Metric.MFLOPS)));
                assertEquals(List.of(), halving.due(List.of(run.results(0), run.results(1))), "promotions left due");
            }
            assertTrue(all.containsAll(beforeKill), "a candidate recorded before the kill was lost");
            assertTrue(all.size() > beforeKill.size(), "the resumed generations trained new candidates");
            assertEquals(3, run.generationRecords().stream().mapToLong(org.facenas.results.GenerationRecord::generation).max().orElse(0));
        }
    }
}
