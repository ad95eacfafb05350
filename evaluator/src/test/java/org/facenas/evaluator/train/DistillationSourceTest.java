package org.facenas.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.FaceDataset;
import org.facenas.data.SharedData;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.lfw.PersonCount;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teacher targets prepared in one place, with the real faceplugin teacher on a small copy of celeba112: {@code +extra}
 * embeds every training image and gives the proxy's images the same targets as the proxy's own cache; the Spark tasks'
 * reading of the files gives them again; a bad KD and teacher pair is refused in one line before anything is embedded.
 */
class DistillationSourceTest {

    static final Path SHARED = SharedData.root();
    static final Path CELEBA = SHARED.resolve("datasets/celeba112");
    static final TeacherSpec FACEPLUGIN = TeacherSpec.facepluginDefaults(SHARED.resolve("models/faceplugin/fr_feature.onnx"));

    @TempDir
    Path tmp;

    @Test
    void extraEmbedsEveryTrainingImageAndTheProxysImagesGetTheTargetsOfTheirOwnCache() throws Exception {
        Path root = smallCopy(6, 4);
        ProxySettings proxy = ProxySettings.preset("tiny").derive().trainSubset(3, 2).build();
        List<ProxySettings> loaded = new ArrayList<>();
        DistillationSource.Loader load = s -> {
            loaded.add(s);
            return SourceProxyData.load(root, root.resolve("train.txt"), root.resolve("pairs.txt"), s);
        };
        SourceProxyData data = load.load(proxy);
        assertEquals(6, data.trainKeys().size());
        DistillationSource.Teacher teacher = DistillationSource.Teacher.onnx(FACEPLUGIN);
        Path cache = tmp.resolve("cache");

        DistillationSource.Prepared own = DistillationSource.of(KdSettings.parse("cosine", null), teacher, cache)
                .prepare(proxy, load.reusing(proxy, data));
        assertEquals(1, loaded.size(), "the proxy's own images: the data already loaded");
        assertEquals(data.trainKeys(), own.distillation().teacher().keys());

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        DistillationSource extra = DistillationSource.of(KdSettings.parse("cosine+extra=4", null), teacher, cache)
                .reportingTo(new PrintStream(console, true, StandardCharsets.UTF_8));
        DistillationSource.Prepared every = extra.prepare(proxy, load.reusing(proxy, data));
        assertEquals(List.of(proxy, proxy.derive().trainSubset(0, 0).build()), loaded, "+extra: every training image loaded");
        TeacherEmbeddings all = every.distillation().teacher();
        assertEquals(24, all.keys().size(), "6 identities x 4 images");
        assertTrue(all.keys().containsAll(data.trainKeys()));
        assertNotEquals(own.files(), every.files(), "another image list, another cache file");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("teacher fr_feature.onnx: computed 24 embeddings"), console.toString());

        TeacherTargets a = own.distillation().targets(data.trainKeys()).get(0);
        TeacherTargets b = every.distillation().targets(data.trainKeys()).get(0);
        // what a Spark task reads back from the files
        TeacherTargets c = DistillationSource.read(extra.kd(), every.files().stream().map(Path::toString).toList())
                .targets(data.trainKeys()).get(0);
        for (int i = 0; i < a.plain().length; i++) {
            assertArrayEquals(a.plain()[i], b.plain()[i], "image " + i);
            assertArrayEquals(a.flipped()[i], b.flipped()[i], "mirror of image " + i);
            assertArrayEquals(b.plain()[i], c.plain()[i]);
            assertArrayEquals(b.flipped()[i], c.flipped()[i]);
        }
        assertNotEquals(a.plain()[0][0], a.flipped()[0][0], "a mirror has its own embedding");

        // asked again: the cache answers
        console.reset();
        assertEquals(every.files(), extra.prepare(proxy, load.reusing(proxy, data)).files());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("reused 24 embeddings"), console.toString());
    }

    @Test
    void extraWithATrajectoryIsRefusedInOneLineBeforeAnythingIsEmbedded() {
        KdSettings extra = KdSettings.parse("cosine+extra=8", null);
        DistillationSource.Teacher trajectory = new DistillationSource.Teacher(List.of(FACEPLUGIN, FACEPLUGIN), true);
        Path cache = tmp.resolve("cache");
        var e = assertThrows(IllegalArgumentException.class, () -> DistillationSource.of(extra, trajectory, cache));
        assertEquals(KdSettings.EXTRA_NEEDS_ONE_TEACHER, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(cache), "nothing embedded");
        // the same refusal, wherever a distillation is made (a Spark task reading a trajectory's files)
        TeacherEmbeddings t = new TeacherEmbeddings("h", List.of("a/a_0001.jpg"), new float[][] {{1, 0}}, new float[][] {{0, 1}});
        var e2 = assertThrows(IllegalArgumentException.class, () -> Distillation.fromTrajectory(extra, List.of(t, t)));
        assertEquals(KdSettings.EXTRA_NEEDS_ONE_TEACHER, e2.getMessage());
        assertEquals(2, Distillation.fromTrajectory(KdSettings.parse("cosine", null), List.of(t, t)).trajectory().size());

        var none = assertThrows(IllegalArgumentException.class, () -> DistillationSource.of(extra, null, cache));
        assertTrue(none.getMessage().startsWith("KD cosine+extra=8@10.0 needs a teacher"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DistillationSource.Teacher(List.of(FACEPLUGIN, FACEPLUGIN), false));
        assertThrows(IllegalArgumentException.class, () -> new DistillationSource.Teacher(List.of(), true));
        // no KD: nothing is loaded, nothing embedded
        assertSame(DistillationSource.Prepared.NONE, DistillationSource.of(null, DistillationSource.Teacher.onnx(FACEPLUGIN), cache)
                .prepare(ProxySettings.preset("tiny"), s -> {
                    throw new AssertionError("loaded " + s);
                }));
        assertNull(DistillationSource.read(null, List.of("/nonexistent.fnte")));
        assertFalse(Files.exists(cache));
    }

    @Test
    void theImagesATeacherEmbedsFollowTheKd() {
        ProxySettings subset = ProxySettings.preset("tiny");
        ProxySettings whole = subset.derive().trainSubset(0, 0).build();
        DistillationSource.Teacher t = DistillationSource.Teacher.onnx(FACEPLUGIN);
        assertSame(subset, DistillationSource.of(KdSettings.parse("cosine", null), t, tmp).imagesFor(subset));
        assertEquals(whole, DistillationSource.of(KdSettings.parse("cosine+extra=2", null), t, tmp).imagesFor(subset));
        assertEquals(whole, DistillationSource.of(t, tmp).embeddingEveryTrainingImage().imagesFor(subset));
        assertSame(whole, DistillationSource.of(KdSettings.parse("cosine+extra=2", null), t, tmp).imagesFor(whole), "already every image");
    }

    /** {@code ids} training identities of celeba112 with {@code images} images each, and 4 pairs a fold to score. */
    private Path smallCopy(int ids, int images) throws Exception {
        FaceDataset src = FaceDataset.open(CELEBA);
        List<PersonCount> train = People.read(CELEBA.resolve("peopleDevTrain.txt")).all().stream()
                .filter(p -> p.imageCount() >= images).limit(ids).toList();
        List<Pair> pairs = Pairs.read(CELEBA.resolve("pairsDevTest.txt")).limitPerFold(4);
        for (PersonCount id : train) {
            for (int k = 1; k <= images; k++) {
                copy(src.lfwImagePath(id.name(), k).orElseThrow(), tmp.resolve("images").resolve(id.name()));
            }
        }
        for (Pair p : pairs) {
            copy(src.lfwImagePath(p.name1(), p.n1()).orElseThrow(), tmp.resolve("images").resolve(p.name1()));
            copy(src.lfwImagePath(p.name2(), p.n2()).orElseThrow(), tmp.resolve("images").resolve(p.name2()));
        }
        People.plain(train.stream().map(i -> new PersonCount(i.name(), images)).toList()).write(tmp.resolve("train.txt"));
        Pairs.of(10, 2, pairs).write(tmp.resolve("pairs.txt"));
        return tmp;
    }

    private static void copy(Path file, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.copy(file, dir.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
