package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.facenas.evaluator.data.FaceTensors;
import org.facenas.evaluator.data.ProxyData;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.score.Dl4jScoringEmbedder;
import org.facenas.evaluator.score.OnnxScoringEmbedder;
import org.facenas.evaluator.score.PairCosines;
import org.facenas.evaluator.score.ScoringEmbedder;
import org.facenas.evaluator.score.ScoringEngine;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.records.CandidateResult;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyEvaluatorTest {

    static final Path CELEBA = SharedData.celeba112();
    static final ProxySettings TINY = ProxySettings.preset("tiny");
    static SourceProxyData data;

    @BeforeAll
    static void load() {
        assertTrue(Files.isDirectory(CELEBA), "tests need ../shared/datasets/celeba112 beside the checkout");
        data = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), TINY);
    }

    @Test
    void tinyProxyTrainsAndScoresARealNetwork() {
        ProxyEvaluator evaluator = new ProxyEvaluator(TINY, data, new MarginTrainingNetworks(), data.pairs(),
                new org.facenas.evaluator.onnx.OnnxLatencyProbe(112, 2, 5));
        Architecture arch = Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32_se0.25,head_c64_gdc_emb32");
        CandidateResult r = evaluator.evaluate(arch, 7);
        assertEquals(CandidateResult.Status.OK, r.status(), r.failure());
        assertEquals(32, r.trainIdentities());
        assertEquals(data.subset().images(), r.trainImages(), "up to 8 images of each of 32 drawn identities");
        assertTrue(r.trainImages() > 32 && r.trainImages() <= 8 * 32, "images " + r.trainImages());
        assertEquals(200, r.pairs());
        // better than a coin by two standard errors of 200 coin flips (0.571): training learnt something
        assertTrue(r.accuracy() > 0.5 + 2 * Math.sqrt(0.25 / r.pairs()) && r.accuracy() <= 1.0, "accuracy " + r.accuracy());
        assertTrue(Double.isFinite(r.finalLoss()) && r.trainSeconds() > 0 && r.imagesPerSecond() > 0);
        assertEquals(CostModel.of(arch).params(), r.params());
        assertEquals(2 * r.macs(), r.flops());
        assertTrue(r.latencyMs() != null && r.latencyMs() > 0, "ONNX Runtime latency " + r.latencyMs());
        // the pixel baseline is the same protocol on raw pixels of the same pairs
        List<float[]> pixels = data.scoringImages().stream().map(org.facenas.evaluator.score.Embeddings::l2Normalised).toList();
        assertEquals(data.pairs().score(pixels).accuracy(), r.pixelBaselineAccuracy(), 1e-12);
    }

    @Test
    void aNonFiniteLossFailsTheCandidateAndNamesTheReason() {
        float[] nan = new float[3 * 32 * 32];
        java.util.Arrays.fill(nan, Float.NaN);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < data.train().count(); i++) {
            images.add(data.train().image(i));
        }
        images.set(0, nan);
        images.set(1, nan);
        FaceTensors broken = new FaceTensors(32, images, data.train().labels(), data.train().classes());
        ProxyData poisoned = new ProxyData() {
            public FaceTensors train() {
                return broken;
            }

            public List<float[]> scoringImages() {
                return data.scoringImages();
            }

            public int pairCount() {
                return data.pairCount();
            }

            public List<String> skippedFiles() {
                return List.of();
            }
        };
        CandidateResult r = new ProxyEvaluator(TINY.derive().epochs(1).build(), poisoned, new MarginTrainingNetworks(), data.pairs(), a -> null)
                .evaluate(Zoo.get("ds-face-k7"), 1);
        assertEquals(CandidateResult.Status.FAILED, r.status());
        assertTrue(r.failure().startsWith("loss became NaN at step"), r.failure());
        assertNull(r.accuracy());
        assertEquals(CostModel.of(Zoo.get("ds-face-k7")).params(), r.params(), "costs are kept");
    }

    @TempDir
    Path tmp;

    /** A small copy of celeba112 with one corrupt image in the training set and one in the pairs. */
    private Path smallCopy() throws Exception {
        FaceDataset src = FaceDataset.open(CELEBA);
        People train = People.read(CELEBA.resolve("peopleDevTrain.txt"));
        List<Pair> pairs = Pairs.read(CELEBA.resolve("pairsDevTest.txt")).limitPerFold(4);
        List<PersonCount> ids = train.all().subList(0, 4);
        for (PersonCount id : ids) {
            for (int k = 1; k <= 3; k++) {
                copy(src.lfwImagePath(id.name(), k).orElseThrow(), tmp.resolve("images").resolve(id.name()));
            }
        }
        for (Pair p : pairs) {
            copy(src.lfwImagePath(p.name1(), p.n1()).orElseThrow(), tmp.resolve("images").resolve(p.name1()));
            copy(src.lfwImagePath(p.name2(), p.n2()).orElseThrow(), tmp.resolve("images").resolve(p.name2()));
        }
        People.plain(ids.stream().map(i -> new PersonCount(i.name(), 3)).toList()).write(tmp.resolve("train.txt"));
        Pairs.of(10, 2, pairs).write(tmp.resolve("pairs.txt"));
        Files.write(tmp.resolve("images").resolve(ids.get(0).name()).resolve(ids.get(0).name() + "_0002.jpg"), new byte[] {1, 2, 3});
        Files.write(src.lfwImagePath(pairs.get(0).name1(), pairs.get(0).n1()).map(f -> tmp.resolve("images")
                .resolve(pairs.get(0).name1()).resolve(f.getFileName())).orElseThrow(), new byte[0]);
        return tmp;
    }

    private static void copy(Path file, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path to = dir.resolve(file.getFileName());
        if (!Files.exists(to)) {
            Files.copy(file, to);
        }
    }

    @Test
    void corruptImagesAreSkippedNamedAndCounted() throws Exception {
        Path root = smallCopy();
        SourceProxyData d = SourceProxyData.load(root, root.resolve("train.txt"), root.resolve("pairs.txt"), TINY);
        assertEquals(11, d.train().count(), "12 training images, one corrupt");
        assertEquals(4, d.train().classes());
        assertEquals(2, d.skippedFiles().size(), d.skippedFiles().toString());
        assertTrue(d.skippedFiles().stream().anyMatch(s -> s.contains("_0002.jpg")));
        List<Pair> pairs = Pairs.read(root.resolve("pairs.txt")).pairs();
        Pair first = pairs.get(0);
        long pairsWithBadImage = pairs.stream().filter(p -> p.name1().equals(first.name1()) && p.n1() == first.n1()
                || p.name2().equals(first.name1()) && p.n2() == first.n1()).count();
        assertEquals(40 - pairsWithBadImage, d.pairCount());
        CandidateResult r = new ProxyEvaluator(TINY.derive().epochs(1).build(), d, new MarginTrainingNetworks(), d.pairs(), a -> null)
                .evaluate(Zoo.get("ds-face-k7"), 1);
        assertEquals(2, r.skippedImages());
        assertNotNull(r.accuracy());
    }

    @Test
    void trainingAndScoringIdentitiesMustNotOverlap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceProxyData.load(CELEBA, CELEBA.resolve("people.txt"), CELEBA.resolve("pairsDevTest.txt"), TINY));
        assertTrue(e.getMessage().contains("held-out pairs must use identities that are not trained on"), e.getMessage());
    }

    /** Oracle: the tiny proxy keeps, per fold of the pairs file, its first 10 same and first 10 different pairs. */
    @Test
    void theScoringPairsAreEachFoldsFirstTenSameAndTenDifferentPairs() {
        Pairs file = Pairs.read(CELEBA.resolve("pairsDevTest.txt"));
        List<Pair> expected = new ArrayList<>();
        for (int f = 0; f < file.folds(); f++) {
            file.fold(f).stream().filter(Pair::isSame).limit(10).forEach(expected::add);
            file.fold(f).stream().filter(x -> !x.isSame()).limit(10).forEach(expected::add);
        }
        PairCosines p = data.pairs();
        assertEquals(200, expected.size());
        assertEquals(expected.size(), p.size());
        assertEquals(expected.size(), data.pairCount());
        long distinctImages = expected.stream().flatMap(x -> java.util.stream.Stream.of(x.name1() + "/" + x.n1(), x.name2() + "/" + x.n2()))
                .distinct().count();
        assertEquals(distinctImages, data.scoringImages().size(), "each distinct image of the pairs is loaded once");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).isSame(), p.same()[i], "pair " + i);
            assertEquals(expected.get(i).fold(), p.fold()[i], "pair " + i);
            assertTrue(p.first()[i] != p.second()[i], "pair " + i + " compares an image with itself");
        }
    }

    @Test
    void withoutKdOnePassGivesTheHeldOutCosineAndTheScoreOfTheTrainedEmbedder() {
        ProxySettings oneEpoch = TINY.derive().epochs(1).build();
        // as wide as a 512-d teacher, so that the held-out cosine without KD is defined
        Architecture arch = Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32,head_c64_gdc_emb512");
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        float[][] teacher = new float[data.scoringImages().size()][512];
        for (float[] row : teacher) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (random.nextDouble() - 0.5);
            }
            System.arraycopy(org.facenas.evaluator.score.Embeddings.l2Normalised(row), 0, row, 0, row.length);
        }
        List<org.deeplearning4j.nn.graph.ComputationGraph> kept = new ArrayList<>();
        CandidateResult r = new ProxyEvaluator(oneEpoch, data, new MarginTrainingNetworks(), data.pairs(), a -> null, kept::add, teacher, null,
                ScoringEngine.DL4J)
                .evaluate(arch, 2);
        assertEquals(CandidateResult.Status.OK, r.status(), r.failure());
        var embedder = kept.get(0);
        int s = oneEpoch.inputSize();
        double sum = 0;
        for (int i = 0; i < teacher.length; i++) {
            float[] out = embedder.outputSingle(false, org.nd4j.linalg.factory.Nd4j.create(data.scoringImages().get(i), new long[] {1, 3, s, s},
                    org.nd4j.linalg.api.buffer.DataType.FLOAT)).toFloatVector();
            double dot = 0;
            double norm = 0;
            for (int j = 0; j < out.length; j++) {
                dot += out[j] * teacher[i][j];
                norm += out[j] * out[j];
            }
            sum += dot / Math.sqrt(norm);
        }
        assertNotNull(r.heldOutTeacherCosine());
        assertEquals(sum / teacher.length, r.heldOutTeacherCosine(), 1e-4, "held-out cosine of each scoring image alone through the embedder");
        assertEquals(data.pairs().score(org.facenas.evaluator.score.Embeddings.flipSum(embedder, data.scoringImages(), s, 64)).accuracy(),
                r.accuracy(), 1e-9, "accuracy of the embedder's flip-sum embeddings");
    }

    @Test
    void onnxRuntimeScoresATrainedCandidateAsDl4jDoes() {
        ProxySettings oneEpoch = TINY.derive().epochs(1).build();
        // depthwise, SE and a GDC head: the ops whose trained state (BN statistics, PReLU slopes) an export must carry
        Architecture arch = Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c24,ds_r1_k5_s1_c24,ir_r1_k3_s2_e2_c32_se0.25,head_c64_gdc_emb32");
        List<org.deeplearning4j.nn.graph.ComputationGraph> kept = new ArrayList<>();
        CandidateResult reference = new ProxyEvaluator(oneEpoch, data, new MarginTrainingNetworks(), data.pairs(), a -> null, kept::add,
                null, null, ScoringEngine.DL4J).evaluate(arch, 3);
        CandidateResult fast = new ProxyEvaluator(oneEpoch, data, new MarginTrainingNetworks(), data.pairs(), a -> null, e -> { },
                null, null, ScoringEngine.ONNX_RUNTIME).evaluate(arch, 3);
        assertEquals(CandidateResult.Status.OK, reference.status(), reference.failure());
        assertEquals(CandidateResult.Status.OK, fast.status(), fast.failure());
        assertEquals(reference.finalLoss(), fast.finalLoss(), 0.0, "the same seed trains the same network");
        assertEquals(reference.rocAuc(), fast.rocAuc(), 1e-4, "ROC AUC");
        assertEquals(reference.accuracy(), fast.accuracy(), 2.0 / reference.pairs(), "accuracy");

        // the outputs themselves, image by image, against DL4J's on the trained weights
        var embedder = kept.get(0);
        NetworkGraph graph = NetworkGraph.of(arch, oneEpoch.inputSize());
        List<float[]> images = data.scoringImages();
        try (ScoringEmbedder onnx = ScoringEngine.ONNX_RUNTIME.open(embedder, graph, 1);
             ScoringEmbedder dl4j = new Dl4jScoringEmbedder(embedder, oneEpoch.inputSize(), 64)) {
            assertTrue(onnx instanceof OnnxScoringEmbedder, "ONNX Runtime scored it, not the DL4J fallback: " + onnx);
            List<float[]> expected = dl4j.flipSum(images, oneEpoch.inputSize());
            List<float[]> actual = onnx.flipSum(images, oneEpoch.inputSize());
            assertEquals(expected.size(), actual.size());
            double worst = 0;
            for (int i = 0; i < expected.size(); i++) {
                for (int j = 0; j < expected.get(i).length; j++) {
                    worst = Math.max(worst, Math.abs(expected.get(i)[j] - actual.get(i)[j]));
                }
            }
            // unit vectors: an absolute bound is a relative one
            assertTrue(worst <= 1e-4, "ONNX Runtime's scoring embeddings differ from DL4J's by " + worst);
        }
    }
}
