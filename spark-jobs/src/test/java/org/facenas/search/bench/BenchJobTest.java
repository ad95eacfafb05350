package org.facenas.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.data.SharedData;
import org.facenas.records.proxy.ProxyOverrides;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.stats.Bootstrap;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.budget.Limit;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench machinery on a real local[2] Spark with real training on celeba112 (a one-epoch tiny proxy). */
class BenchJobTest {

    static final Path CELEBA = SharedData.celeba112();

    @Test
    void tasksRunOnceEachAndAKilledRunContinuesWhereItStopped(@TempDir Path tmp) throws Exception {
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.named("mbf-space"));
        List<BenchArchitectures.Entry> archs = BenchArchitectures.select(codec,
                new Budget("test", Limit.below(150), null, null, null), 4, 3);
        ProxySettings proxy = ProxyOverrides.parse("t1=tiny:epochs=1");
        List<BenchTask> seed1 = new ArrayList<>();
        List<BenchTask> all = new ArrayList<>();
        for (BenchArchitectures.Entry a : archs) {
            for (long seed : List.of(1L, 2L)) {
                BenchTask t = new BenchTask(a.label(), a.architecture().blockString(), proxy, seed, "none");
                all.add(t);
                if (seed == 1) {
                    seed1.add(t);
                }
            }
        }
        BenchEnvironment env = new BenchEnvironment(CELEBA.toString(), CELEBA.resolve("peopleDevTrain.txt").toString(),
                CELEBA.resolve("pairsDevTest.txt").toString(), 0, 1, Map.of(), null);
        Path dir = tmp.resolve("bench");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("bench-test").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            // told to stop starting tasks at once: the two that started (one per slot) finish and are recorded
            try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
                List<BenchRecord> started = new BenchJob(sc, env, run, new PrintStream(console)).run(seed1, 0.5);
                assertEquals(List.of(seed1.get(0).key(), seed1.get(1).key()), started.stream().map(BenchRecord::key).toList());
            }
            // a run stopped after the first seed's tasks ...
            try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
                List<BenchRecord> first = new BenchJob(sc, env, run, new PrintStream(console)).run(seed1);
                assertEquals(4, first.size());
            }
            List<String> before = Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS));
            // ... and continued with the whole benchmark: only the second seed trains
            try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
                List<BenchRecord> records = new BenchJob(sc, env, run, new PrintStream(console)).run(all);
                assertEquals(8, records.size());
                for (BenchRecord r : records) {
                    assertTrue(r.ok(), r.failure());
                    assertTrue(r.number("accuracy").orElseThrow() > 0.3);
                    assertEquals(r.blockString(), r.result().get("blockString").asText());
                    assertEquals(r.seed(), r.result().get("seed").asLong());
                }
            }
            List<String> after = Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS));
            assertEquals(8, after.size());
            assertEquals(before, after.subList(0, 4), "earlier records are kept as they were");
            // a third run trains nothing
            try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
                new BenchJob(sc, env, run, new PrintStream(console)).run(all);
            }
            assertEquals(8, Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS)).size());
        }
        String log = console.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("stopped starting tasks after 0.5 s: 2 of 4 not started"), log);
        assertTrue(log.contains("4 tasks, 2 already recorded, 2 to run"), log);
        assertTrue(log.contains("8 tasks, 4 already recorded, 4 to run"), log);
        assertTrue(log.contains("8 tasks, 8 already recorded, 0 to run"), log);
        Set<String> keys = new HashSet<>();
        try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
            run.records().forEach(r -> assertTrue(keys.add(r.key()), "trained twice: " + r.key()));
            ProxyFidelity.Report report = ProxyFidelity.analyse(run.records(), List.of("t1"), List.of(1L, 2L),
                    List.of(BenchScore.values()), new Bootstrap(200, 0.9, 1));
            ProxyFidelity.SeedAgreement acc = report.proxies().get(0).seeds().stream()
                    .filter(s -> s.score() == BenchScore.ACCURACY).findFirst().orElseThrow();
            assertEquals(4, acc.archs());
            assertTrue(acc.tau().value() >= -1 && acc.tau().value() <= 1);
            assertTrue(report.proxies().get(0).cost().trainSeconds() > 0);
            assertTrue(report.proxies().get(0).seeds().stream().noneMatch(s -> s.score() == BenchScore.TRAIN_TEACHER_COSINE),
                    "no KD, no teacher cosine to rank by");
        }
    }

    @Test
    void aFailedTaskTrainsAgainOnlyWhenAskedAndItsFailedRecordStays(@TempDir Path tmp) throws Exception {
        ProxySettings proxy = ProxyOverrides.parse("t1=tiny:epochs=1");
        BenchTask task = new BenchTask("a", "stem_c16,ir_r1_k3_s2_e2_c16,head_c32_gdc_emb16", proxy, 1, "none");
        BenchEnvironment env = new BenchEnvironment(CELEBA.toString(), CELEBA.resolve("peopleDevTrain.txt").toString(),
                CELEBA.resolve("pairsDevTest.txt").toString(), 0, 1, Map.of(), null);
        Path dir = tmp.resolve("bench");
        // what an out-of-memory task leaves, recorded through the same append a finished task takes
        try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
            assertTrue(run.append(task, new ObjectMapper().readTree("{\"blockString\": \"" + task.blockString()
                    + "\", \"status\": \"FAILED\", \"failure\": \"OutOfMemoryError: Physical memory usage is too high\"}"), "driver"));
        }
        String failed = Files.readString(dir.resolve(BenchRunDirectory.RECORDS));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SparkConf conf = new SparkConf().setMaster("local[1]").setAppName("bench-retry").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
                assertFalse(run.needsTraining(task));
                List<BenchRecord> r = new BenchJob(sc, env, run, new PrintStream(console)).run(List.of(task));
                assertFalse(r.get(0).ok(), "not asked to retry: the failure stands");
            }
            assertEquals(failed, Files.readString(dir.resolve(BenchRunDirectory.RECORDS)));
            try (BenchRunDirectory run = BenchRunDirectory.open(dir, true)) {
                assertTrue(run.needsTraining(task));
                List<BenchRecord> r = new BenchJob(sc, env, run, new PrintStream(console)).run(List.of(task));
                assertTrue(r.get(0).ok(), r.get(0).failure());
            }
            try (BenchRunDirectory run = BenchRunDirectory.open(dir, true)) {
                assertFalse(run.needsTraining(task), "an OK record is never trained again");
                assertTrue(run.record(task).orElseThrow().ok(), "reopened: the OK record counts");
                assertFalse(run.append(task, new ObjectMapper().readTree("{\"status\": \"FAILED\"}"), "driver"));
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS));
        assertEquals(2, lines.size());
        assertTrue(failed.startsWith(lines.get(0)), "the failed record stays, first");
        String log = console.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("1 tasks, 1 already recorded, 0 to run (1 recorded FAILED: --retry-failed trains them again)"), log);
        assertTrue(log.contains("1 tasks, 0 already recorded, 1 to run (1 recorded FAILED, tried again)"), log);
    }
}
