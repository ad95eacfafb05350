package org.facenas.evaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.data.KdImages;
import org.facenas.evaluator.data.ProxyData;
import org.facenas.evaluator.data.ShuffledBatches;
import org.facenas.evaluator.data.VerificationSet;
import org.facenas.evaluator.dl4j.Embedder;
import org.facenas.evaluator.dl4j.ThreadWorkspaces;
import org.facenas.evaluator.score.Embeddings;
import org.facenas.evaluator.score.PairScoring;
import org.facenas.evaluator.score.ScoringEmbedder;
import org.facenas.evaluator.score.ScoringEngine;
import org.facenas.evaluator.train.Distillation;
import org.facenas.evaluator.train.MarginWarmup;
import org.facenas.evaluator.train.NonFiniteLossException;
import org.facenas.evaluator.train.ProxyTrainer;
import org.facenas.evaluator.train.TeacherHead;
import org.facenas.evaluator.train.TeacherTargets;
import org.facenas.evaluator.train.TrainStats;
import org.facenas.evaluator.train.TrainingNetworks;
import org.facenas.evaluator.zerocost.ZeroCostScorer;
import org.facenas.records.CandidateResult;
import org.facenas.records.PairScores;
import org.facenas.records.VerificationScore;
import org.facenas.records.ZeroCostScores;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.graph.NetworkGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates one architecture on a proxy: build, train briefly with a margin-softmax head, embed the held-out
 * pairs, score them, and measure the deployed embedder's latency. Whatever goes wrong (a NaN loss, out of
 * memory, a network DL4J cannot build) ends this candidate with a FAILED result naming the reason; the
 * caller carries on. Immutable: {@link EvaluatorBuilder} assembles it, distillation included.
 */
public final class ProxyEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyEvaluator.class);

    private final ProxySettings proxy;
    private final ProxyData data;
    private final TrainingNetworks networks;
    private final PairScoring scoring;
    private final LatencyProbe latency;
    private final Consumer<ComputationGraph> trainedEmbedders;
    private final float[][] heldOutTeacher;
    private final Distillation distillation;
    private final List<TeacherTargets> targets;
    private final KdImages kdImages;
    private final TeacherTargets kdImageTargets;
    private final ScoringEngine scoringEngine;

    /**
     * What a student learns from on this proxy: the distillation, its teacher's (or each checkpoint's) targets of the
     * training images in training order, and with {@code +extra} the images KD-only rows are drawn from and their
     * targets. {@link EvaluatorBuilder} assembles it with networks built for its KD output.
     */
    record Kd(Distillation distillation, List<TeacherTargets> targets, KdImages images, TeacherTargets imageTargets) {
        Kd {
            targets = List.copyOf(targets);
            if ((distillation.kd().extra() > 0) != (images != null && imageTargets != null)) {
                throw new IllegalArgumentException("KD " + distillation.kd().describe()
                        + ": KD-only images and their targets go with +extra, and only with it");
            }
        }
    }

    /** Without knowledge distillation, keeping no trained embedder and measuring no held-out cosine. */
    ProxyEvaluator(ProxySettings proxy, ProxyData data, TrainingNetworks networks, PairScoring scoring, LatencyProbe latency) {
        this(proxy, data, networks, scoring, latency, e -> { }, null, null, ScoringEngine.ONNX_RUNTIME);
    }

    /**
     * @param trainedEmbedders receives each trained embedder (input to embedding, no head), e.g. to export it
     * @param heldOutTeacher   the teacher's L2-normalised embeddings of {@link ProxyData#scoringImages()} (identities never
     *                         trained on), in order, for the held-out student-teacher cosine; null: not measured
     * @param kd               what the student learns from; null: no distillation
     * @param scoringEngine    the runtime that embeds the scoring images
     */
    ProxyEvaluator(ProxySettings proxy, ProxyData data, TrainingNetworks networks, PairScoring scoring, LatencyProbe latency,
                   Consumer<ComputationGraph> trainedEmbedders, float[][] heldOutTeacher, Kd kd, ScoringEngine scoringEngine) {
        if (heldOutTeacher != null && heldOutTeacher.length != data.scoringImages().size()) {
            throw new IllegalArgumentException("held-out teacher embeddings: " + heldOutTeacher.length + " rows for "
                    + data.scoringImages().size() + " scoring images");
        }
        if (kd != null && kd.targets().get(0).plain().length != data.train().count()) {
            throw new IllegalArgumentException("distillation: " + kd.targets().get(0).plain().length + " teacher targets for "
                    + data.train().count() + " training images");
        }
        this.proxy = proxy;
        this.data = data;
        this.networks = networks;
        this.scoring = scoring;
        this.latency = latency;
        this.trainedEmbedders = trainedEmbedders;
        this.heldOutTeacher = heldOutTeacher;
        this.distillation = kd == null ? null : kd.distillation();
        this.targets = kd == null ? List.of() : kd.targets();
        this.kdImages = kd == null ? null : kd.images();
        this.kdImageTargets = kd == null ? null : kd.imageTargets();
        this.scoringEngine = scoringEngine;
    }

    /** Scores one architecture. Never throws for a bad candidate: a failure is a result with status FAILED. */
    public CandidateResult evaluate(Architecture architecture, long seed) {
        Cost cost = CostModel.of(architecture);
        Attempt attempt = new Attempt(architecture, cost, seed);
        try {
            return attempt.run();
        } catch (NonFiniteLossException e) {
            return attempt.failed(e.getMessage());
        } catch (OutOfMemoryError e) {
            return attempt.failed("out of memory: " + e.getMessage() + "; use a smaller proxy batch or input size");
        } catch (RuntimeException e) {
            LOG.warn("candidate {} failed", architecture, e);
            return attempt.failed(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        } finally {
            // the next candidate on this thread starts from no workspaces (and this one's memory is released)
            ThreadWorkspaces.release();
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** One evaluation's state, so that a failure at any step still reports what was measured before it. */
    private final class Attempt {
        private final Architecture architecture;
        private final Cost cost;
        private final long seed;
        private TrainStats stats;
        private double evalSeconds;
        private Double studentTeacherCosine;
        private Double heldOutTeacherCosine;
        private List<VerificationScore> verification = List.of();

        Attempt(Architecture architecture, Cost cost, long seed) {
            this.architecture = architecture;
            this.cost = cost;
            this.seed = seed;
        }

        CandidateResult run() {
            NetworkGraph graph = NetworkGraph.of(architecture, proxy.inputSize());
            if (proxy.zeroCostOnly()) {
                // nothing trains and nothing is scored on pairs: the scores at initialisation are the result
                // (and nothing distils: KD changes a training, not an initialisation)
                ZeroCostScores z = new ZeroCostScorer(proxy).score(graph, cost, data.train(), seed);
                evalSeconds = z.seconds();
                return result(CandidateResult.Status.OK, null, null, null, null).toBuilder().zeroCost(z).kd("none").teacherHash(null)
                        .build();
            }
            int totalSteps = stepsPerEpoch() * proxy.epochs();
            ComputationGraph net = networks.build(graph, proxy, data.train().classes(), seed, totalSteps);
            KdSettings kd = distillation == null ? null : distillation.kd();
            if (kd != null && net.getNumOutputArrays() < 2) {
                throw new IllegalStateException("KD " + kd.describe() + " needs training networks built with its KD output");
            }
            // KD-only warm-up and the teacher-initialised head share the run's steps: the step count is unchanged
            MarginWarmup warmup = kd != null && kd.warmupSteps(totalSteps) > 0 ? new MarginWarmup(kd.warmupSteps(totalSteps)) : null;
            int headAt = kd != null && kd.headInit() ? kd.warmupSteps(totalSteps) : -1;
            if (headAt == 0) {
                initialiseHead(net, finalTeacher());
            }
            int[] done = {0};
            IntConsumer onStep = headAt <= 0 ? null : step -> {
                if (++done[0] == headAt) {
                    initialiseHead(net, finalTeacher());
                }
            };
            if (kd != null && distillation.multiStep()) {
                // PocketNet's multi-step KD: student epoch e learns from teacher checkpoint e+1
                for (int e = 1; e <= proxy.epochs(); e++) {
                    TeacherTargets t = targets.get(TeacherTargets.checkpointForEpoch(e, targets.size()) - 1);
                    ShuffledBatches epochBatches = new ShuffledBatches(data.train(), proxy.batchSize(), proxy.flip(), seed + e,
                            List.<float[][]>of(t.plain()), List.<float[][]>of(t.flipped()));
                    epochBatches.setPreProcessor(warmup);
                    stats = TrainStats.sum(stats, ProxyTrainer.train(net, epochBatches, 1, onStep));
                }
            } else {
                ShuffledBatches batches;
                if (kd != null) {
                    TeacherTargets t = finalTeacher();
                    batches = new ShuffledBatches(data.train(), proxy.batchSize(), proxy.flip(), seed, List.<float[][]>of(t.plain()),
                            List.<float[][]>of(t.flipped()));
                    batches.setPreProcessor(warmup);
                    if (kd.extra() > 0) {
                        // their own seed: the labelled rows stay those of the run without them
                        batches.withKdOnlyRows(kdImages.images(), kdImageTargets.plain(), kdImageTargets.flipped(), kd.extra(),
                                seed * 1_000_003L + 17);
                    }
                } else {
                    batches = new ShuffledBatches(data.train(), proxy.batchSize(), proxy.flip(), seed, List.of());
                }
                stats = ProxyTrainer.train(net, batches, proxy.epochs(), onStep);
            }
            long start = System.nanoTime();
            List<float[]> embeddings;
            List<VerificationScore> otherSets;
            // DL4J's training leaves a workspace open on this thread; arrays made now must live outside it
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                if (kd != null) {
                    TeacherTargets teacher = finalTeacher();
                    // the first n training images against their own teacher rows (a proxy on every image has thousands)
                    int n = Math.min(256, data.train().count());
                    studentTeacherCosine = Embeddings.meanCosine(outputs(net, 1, n, data.train()::image),
                            java.util.Arrays.copyOf(teacher.plain(), n));
                    if (heldOutTeacher != null) {
                        heldOutTeacherCosine = Embeddings.meanCosine(outputs(net, 1, heldOutTeacher.length, data.scoringImages()::get), heldOutTeacher);
                    }
                }
                ComputationGraph embedder = Embedder.of(net, graph);
                trainedEmbedders.accept(embedder);
                try (ScoringEmbedder scorer = scoringEngine.open(embedder, graph, Nd4j.getEnvironment().maxThreads())) {
                    // one pass over the scoring images serves the scoring embeddings and the no-KD held-out cosine
                    List<float[]> plain = scorer.raw(data.scoringImages());
                    if (kd == null && heldOutTeacher != null) {
                        // without KD the embedding itself, when it is as wide as the teacher's (otherwise not comparable)
                        heldOutTeacherCosine = Embeddings.meanCosine(plain, heldOutTeacher);
                    }
                    embeddings = Embeddings.flipSum(plain, scorer.mirroredRaw(data.scoringImages(), proxy.inputSize()));
                    otherSets = otherVerificationSets(scorer);
                }
            }
            PairScores scores = scoring.score(embeddings);
            PairScores pixels = scoring.score(pixelVectors(data.scoringImages()));
            if (!data.verificationSets().isEmpty()) {
                List<VerificationScore> all = new ArrayList<>();
                all.add(VerificationScore.of(data.verificationSets().get(0).name(), data.pairCount(), scores, pixels.accuracy()));
                all.addAll(otherSets);
                verification = all;
            }
            Double ms = latency.medianMillis(architecture);
            evalSeconds = (System.nanoTime() - start) / 1e9;
            return result(CandidateResult.Status.OK, null, scores, pixels.accuracy(), ms);
        }

        private int stepsPerEpoch() {
            return Math.max(1, data.train().count() / Math.min(proxy.batchSize(), data.train().count()));
        }

        /** The one teacher's targets, or the trajectory's last checkpoint's. */
        private TeacherTargets finalTeacher() {
            return targets.get(targets.size() - 1);
        }

        /** The margin head's class weights from the teacher's identity centres (see {@link TeacherHead}). */
        private void initialiseHead(ComputationGraph net, TeacherTargets teacher) {
            INDArray w = net.getParam(org.facenas.evaluator.train.MarginTrainingNetworks.HEAD + "_" + org.facenas.evaluator.dl4j.MarginSoftmaxOutputLayer.WEIGHT);
            INDArray p = net.paramTable().get(org.facenas.evaluator.train.MarginTrainingNetworks.KD + "_" + org.facenas.evaluator.dl4j.KdOutputLayer.PROJECTION);
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                float[][] centres = TeacherHead.classCentres(teacher, data.train().labels(), data.train().classes());
                w.assign(TeacherHead.weights(centres, p, w.rows()).castTo(w.dataType()));
            }
        }

        /** A network output (0: the first; 1: the KD output, the normalised, projected student) for images 0..n-1. */
        private List<float[]> outputs(ComputationGraph net, int output, int n, java.util.function.IntFunction<float[]> images) {
            int s = proxy.inputSize();
            int pixels = 3 * s * s;
            List<float[]> rows = new ArrayList<>(n);
            for (int from = 0; from < n; from += 64) {
                int m = Math.min(64, n - from);
                float[] x = new float[m * pixels];
                for (int i = 0; i < m; i++) {
                    System.arraycopy(images.apply(from + i), 0, x, i * pixels, pixels);
                }
                INDArray[] out = net.output(false, Nd4j.create(x, new long[] {m, 3, s, s}, org.nd4j.linalg.api.buffer.DataType.FLOAT));
                rows.addAll(java.util.Arrays.asList(out[output].toFloatMatrix()));
            }
            return rows;
        }

        /** Each verification set after the first, scored with the same protocol (the first ranks; it is scored above). */
        private List<VerificationScore> otherVerificationSets(ScoringEmbedder scorer) {
            List<VerificationScore> out = new ArrayList<>();
            List<VerificationSet> sets = data.verificationSets();
            for (VerificationSet set : sets.subList(Math.min(1, sets.size()), sets.size())) {
                PairScores s = set.pairs().score(scorer.flipSum(set.images(), proxy.inputSize()));
                out.add(VerificationScore.of(set.name(), set.pairs().size(), s, set.pairs().score(pixelVectors(set.images())).accuracy()));
            }
            return out;
        }

        private List<float[]> pixelVectors(List<float[]> images) {
            List<float[]> out = new ArrayList<>();
            for (float[] img : images) {
                out.add(Embeddings.l2Normalised(img));
            }
            return out;
        }

        CandidateResult failed(String reason) {
            return result(CandidateResult.Status.FAILED, reason, null, null, null);
        }

        private CandidateResult result(CandidateResult.Status status, String failure, PairScores s, Double pixel, Double ms) {
            return CandidateResult.builder().blockString(architecture.blockString()).status(status).failure(failure)
                    .proxy(proxy.describe()).seed(seed)
                    .params(cost.params()).macs(cost.macs()).flops(cost.flops()).mflops(cost.mflops()).sizeBytes(cost.sizeBytes())
                    .accuracy(s == null ? null : s.accuracy()).accuracyStd(s == null ? null : s.accuracyStd())
                    .tarAtFar1e3(s == null ? null : s.tarAtFar1e3()).tarAtFar1e4(s == null ? null : s.tarAtFar1e4())
                    .rocAuc(s == null ? null : s.rocAuc()).rocAucStd(s == null ? null : s.rocAucStd()).pixelBaselineAccuracy(pixel).latencyMs(ms)
                    .finalLoss(stats == null ? null : stats.finalLoss())
                    .trainImages(data.train().count()).trainIdentities(data.train().classes()).pairs(data.pairCount())
                    .skippedImages(data.skippedFiles().size()).skippedFiles(data.skippedFiles())
                    .trainSeconds(stats == null ? 0 : stats.seconds()).evalSeconds(evalSeconds)
                    .imagesPerSecond(stats == null ? 0 : stats.imagesPerSecond())
                    .kd(distillation == null ? "none" : distillation.kd().describe()
                            + (distillation.multiStep() ? "+multistep(" + targets.size() + " checkpoints)" : ""))
                    .teacherHash(distillation == null ? null : finalTeacher().teacherHash())
                    .studentTeacherCosine(studentTeacherCosine).heldOutTeacherCosine(heldOutTeacherCosine)
                    .verification(verification)
                    .build();
        }
    }
}
