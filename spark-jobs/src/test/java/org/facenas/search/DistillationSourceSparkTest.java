package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.data.SharedData;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.train.DistillationSource;
import org.facenas.evaluator.train.TeacherTargets;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX teacher's targets are the same whether {@link DistillationSource} embeds in this process or through the
 * Spark backend (real teacher, real local Spark): the same cache file, byte for byte, and the same distillation.
 */
class DistillationSourceSparkTest {

    static final Path SHARED = SharedData.root();

    @Test
    void theSparkBackendGivesTheTargetsOfALocalEmbedding(@TempDir Path tmp) throws Exception {
        Path celeba = SHARED.resolve("datasets/celeba112");
        ProxySettings few = ProxySettings.preset("tiny").derive().trainSubset(4, 3).build();
        SourceProxyData data = SourceProxyData.load(celeba, celeba.resolve("peopleDevTrain.txt"), celeba.resolve("pairsDevTest.txt"), few);
        DistillationSource.Loader load = s -> {
            throw new AssertionError("loaded again: " + s);
        };
        DistillationSource local = DistillationSource.of(KdSettings.parse("default", null),
                DistillationSource.Teacher.onnx(TeacherSpec.facepluginDefaults(SHARED.resolve("models/faceplugin/fr_feature.onnx"))),
                tmp.resolve("local")).withThreads(1);
        DistillationSource.Prepared here = local.prepare(few, load.reusing(few, data));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        DistillationSource.Prepared spark;
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("teacher").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf);
             PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            spark = local.in(tmp.resolve("spark")).computedBy(SparkTeacherEmbeddings.backend(sc, 2, 1, out)).prepare(few, load.reusing(few, data));
        }
        String log = console.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("embedding 12 images (and mirrors) in 1 Spark task"), log);
        assertEquals(here.files().get(0).getFileName(), spark.files().get(0).getFileName(), "one cache key whichever way it was computed");
        assertEquals(-1, Files.mismatch(here.files().get(0), spark.files().get(0)), "the same file");
        TeacherTargets a = here.distillation().targets(data.trainKeys()).get(0);
        TeacherTargets b = spark.distillation().targets(data.trainKeys()).get(0);
        for (int i = 0; i < data.trainKeys().size(); i++) {
            assertArrayEquals(a.plain()[i], b.plain()[i], "image " + i);
            assertArrayEquals(a.flipped()[i], b.flipped()[i], "mirror of image " + i);
        }
        assertEquals(here.distillation().kd(), spark.distillation().kd());
    }
}
