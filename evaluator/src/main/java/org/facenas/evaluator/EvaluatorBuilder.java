package org.facenas.evaluator;

import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.data.KdImages;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.onnx.OnnxLatencyProbe;
import org.facenas.evaluator.score.ScoringEngine;
import org.facenas.evaluator.train.Distillation;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.evaluator.train.TeacherTargets;
import org.facenas.records.proxy.ProxySettings;

/**
 * The one place a {@link ProxyEvaluator} is assembled: the proxy's data, the teacher's targets and the KD settings
 * ({@link Distillation}), the training networks, the scoring pairs and the latency probe with its one warm-up rule
 * ({@link OnnxLatencyProbe#ofRuns}). Used by {@code evaluate}, {@code train}, {@code bench kd} and the search's
 * Spark tasks.
 */
public final class EvaluatorBuilder {

    private final ProxySettings proxy;
    private final SourceProxyData data;
    private Distillation distillation;
    private LatencyProbe latency = OnnxLatencyProbe.ofRuns(0);
    private Consumer<ComputationGraph> trainedEmbedders;
    private float[][] heldOutTeacher;
    private ScoringEngine scoringEngine = ScoringEngine.ONNX_RUNTIME;

    private EvaluatorBuilder(ProxySettings proxy, SourceProxyData data) {
        this.proxy = proxy;
        this.data = data;
    }

    /** An evaluator of {@code proxy} on {@code data}: no distillation, no latency until asked for. */
    public static EvaluatorBuilder of(ProxySettings proxy, SourceProxyData data) {
        return new EvaluatorBuilder(proxy, data);
    }

    /** Trains with knowledge distillation (null: none), e.g. {@link org.facenas.evaluator.train.DistillationSource}'s. */
    public EvaluatorBuilder distillation(Distillation d) {
        this.distillation = d;
        return this;
    }

    /** Times the deployed embedder in ONNX Runtime with this many runs (0: not measured; the default). */
    public EvaluatorBuilder latencyRuns(int runs) {
        this.latency = OnnxLatencyProbe.ofRuns(runs);
        return this;
    }

    /** Hands each trained embedder (input to embedding, no head) to {@code sink}, e.g. to export it. */
    public EvaluatorBuilder keepingTrainedEmbedders(Consumer<ComputationGraph> sink) {
        this.trainedEmbedders = sink;
        return this;
    }

    /**
     * Also measures the held-out student-teacher cosine against the teacher's embeddings of the scoring images
     * ({@link SourceProxyData#scoringTeacherEmbeddings}); null: not measured.
     */
    public EvaluatorBuilder heldOutTeacher(float[][] teacherOfScoringImages) {
        this.heldOutTeacher = teacherOfScoringImages;
        return this;
    }

    /** The runtime that embeds the scoring images (default ONNX Runtime; DL4J is the reference it is checked against). */
    public EvaluatorBuilder scoringEngine(ScoringEngine engine) {
        this.scoringEngine = java.util.Objects.requireNonNull(engine, "scoring engine");
        return this;
    }

    public ProxyEvaluator build() {
        MarginTrainingNetworks networks = distillation == null ? new MarginTrainingNetworks()
                : new MarginTrainingNetworks(true, distillation.kd(), distillation.dimension());
        return new ProxyEvaluator(proxy, data, networks, data.pairs(), latency, trainedEmbedders == null ? e -> { } : trainedEmbedders,
                heldOutTeacher, kd(), scoringEngine);
    }

    /** The targets of this proxy's training images, and with +extra of every training image (see {@link SourceProxyData}). */
    private ProxyEvaluator.Kd kd() {
        if (distillation == null) {
            return null;
        }
        List<TeacherTargets> targets = distillation.targets(data.trainKeys());
        if (distillation.kd().extra() == 0) {
            return new ProxyEvaluator.Kd(distillation, targets, null, null);
        }
        KdImages images = data.everyTrainingImage();
        try {
            return new ProxyEvaluator.Kd(distillation, targets, images, distillation.targets(images.keys()).get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KD +extra needs the teacher's embeddings of every training image: " + e.getMessage(), e);
        }
    }
}
