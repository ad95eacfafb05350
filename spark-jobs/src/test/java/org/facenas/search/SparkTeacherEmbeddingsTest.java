package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.data.SharedData;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.data.source.SourceImage;
import org.facenas.distill.teacher.TeacherEmbeddingCache;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.records.proxy.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teacher-embedding cache computed as Spark tasks over ranges of a RecordIO subset's images (real teacher, real
 * local Spark) is the same file, byte for byte, as the one computed in one process.
 */
class SparkTeacherEmbeddingsTest {


    @Test
    void tasksOverImageRangesWriteTheSameFileAsOneProcess(@TempDir Path tmp) throws Exception {
        Path celeba = SharedData.celeba112();
        Path packed = tmp.resolve("packed");
        DatasetPacker.pack(celeba, celeba.resolve("peopleDevTrain.txt"), celeba.resolve("pairsDevTest.txt"), packed);
        ProxySettings few = ProxySettings.preset("tiny").derive().trainSubset(5, 3).build();
        SourceProxyData data = SourceProxyData.load(packed, null, null, few);
        List<SourceImage> images = data.trainImages();
        assertEquals(15, images.size());
        assertTrue(images.get(0).key().startsWith("#"), "RecordIO keys");
        TeacherSpec spec = TeacherSpec.facepluginDefaults(SharedData.teacher());

        TeacherEmbeddingCache.Outcome single = data.teacherEmbeddings(tmp.resolve("single"), spec, 1);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TeacherEmbeddingCache.Outcome split;
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("teacher").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf);
             PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            split = data.teacherEmbeddings(tmp.resolve("split"), spec,
                    new SparkTeacherEmbeddings(sc, data.root(), images, spec, 3, 1, out, 4));
        }
        String log = console.toString(StandardCharsets.UTF_8);
        System.out.print(log);
        assertFalse(split.reused());
        assertTrue(log.contains("in 3 Spark tasks") && log.contains("part 1/3 done (5 images)") && log.contains("3/3 parts"), log);
        assertEquals(single.file().getFileName(), split.file().getFileName(), "one cache key whichever way it was computed");
        assertEquals(-1, Files.mismatch(single.file(), split.file()), "the merged file equals the single-process one");
        assertEquals(data.trainKeys(), split.embeddings().keys());
        assertArrayEquals(single.embeddings().plain()[14], split.embeddings().plain()[14]);
    }

    @Test
    void rangesAreContiguousNearEqualAndNotSmallerThanAPart() {
        List<SourceImage> images = java.util.stream.IntStream.range(0, 10).mapToObj(i -> new SourceImage("a", "#" + i)).toList();
        assertEquals(List.of(3, 3, 4), SparkTeacherEmbeddings.ranges(images, 3, 2).stream().map(List::size).toList());
        assertEquals(List.of(5, 5), SparkTeacherEmbeddings.ranges(images, 8, 5).stream().map(List::size).toList());
        assertEquals(List.of(10), SparkTeacherEmbeddings.ranges(images, 4, 256).stream().map(List::size).toList());
        assertEquals(images, SparkTeacherEmbeddings.ranges(images, 3, 2).stream().flatMap(List::stream).toList());
    }
}
