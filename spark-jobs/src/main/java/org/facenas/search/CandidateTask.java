package org.facenas.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.EvaluatorBuilder;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.export.Provenance;
import org.facenas.evaluator.export.TrainedModel;
import org.facenas.evaluator.train.Distillation;
import org.facenas.evaluator.train.DistillationSource;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates one candidate where it runs (a Spark executor): loads the proxy data from the shared path, trains,
 * scores. Anything that goes wrong becomes a FAILED result naming the reason, so Spark never retries an
 * evaluation that failed on its own terms (only a lost executor makes Spark run a task again).
 */
public final class CandidateTask {

    private CandidateTask() {
    }

    /** Where a training's model goes (a folder every executor can reach) and the run its provenance names. */
    public record Export(String folder, String runId) implements java.io.Serializable {
    }

    /** The candidate's result as JSON, plus where it ran and the listing hash of the data it saw (null if none loaded). */
    public record Outcome(String blockString, String resultJson, String executor, String dataHash) implements java.io.Serializable {
    }

    public static Outcome run(EvaluationSpec spec, String blockString, long seed) {
        return run(spec, blockString, seed, null);
    }

    /**
     * Also measures the held-out student-teacher cosine against {@code heldOutTeacher}, the teacher's embeddings
     * of the scoring images in the order this proxy's data lists them (null: not measured).
     */
    public static Outcome run(EvaluationSpec spec, String blockString, long seed, float[][] heldOutTeacher) {
        return run(spec, blockString, seed, heldOutTeacher, null);
    }

    /**
     * Also writes the trained model into {@code export} in every format ({@link TrainedModel}), when not null; a model
     * that cannot be written is a FAILED result, so that no recorded training lacks its model.
     */
    public static Outcome run(EvaluationSpec spec, String blockString, long seed, float[][] heldOutTeacher, Export export) {
        Nd4j.getEnvironment().setMaxThreads(spec.threads());
        Architecture architecture = Architecture.parse(blockString);
        CandidateResult result;
        String dataHash = null;
        AtomicReference<ComputationGraph> trained = new AtomicReference<>();
        try {
            SourceProxyData data = SourceProxyData.load(Path.of(spec.dataDir()), Path.of(spec.trainPeople()), spec.verificationFiles(), spec.proxy(),
                    SourceProxyData.DEFAULT_SUBSET_SEED);
            dataHash = data.datasetListingHash();
            Distillation distillation = DistillationSource.read(spec.kd(), spec.teacherEmbeddings());
            EvaluatorBuilder builder = EvaluatorBuilder.of(spec.proxy(), data).distillation(distillation).latencyRuns(spec.latencyRuns())
                    .heldOutTeacher(heldOutTeacher);
            result = (export == null ? builder : builder.keepingTrainedEmbedders(trained::set)).build().evaluate(architecture, seed);
            if (export != null && result.ok()) {
                try {
                    TrainedModel.write(Path.of(export.folder()), architecture, trained.get(), result, new Provenance.Run(export.runId(), new int[0]),
                            Path.of(spec.dataDir()), data, Path.of(spec.trainPeople()), spec.proxy().epochs(), spec.proxy().inputSize());
                } catch (java.io.IOException e) {
                    result = failed(architecture, spec, seed, "the trained model could not be written to " + export.folder() + ": " + e.getMessage());
                }
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            result = failed(architecture, spec, seed, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
            return new Outcome(blockString, new ObjectMapper().writeValueAsString(result), executor(), dataHash);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static CandidateResult failed(Architecture a, EvaluationSpec spec, long seed, String reason) {
        Cost c = CostModel.of(a);
        return CandidateResult.builder().blockString(a.blockString()).status(CandidateResult.Status.FAILED).failure(reason)
                .proxy(spec.proxy().describe()).seed(seed).params(c.params()).macs(c.macs()).flops(c.flops()).mflops(c.mflops())
                .sizeBytes(c.sizeBytes()).kd(spec.kd() == null ? "none" : spec.kd().describe()).build();
    }

    private static String executor() {
        String id = org.apache.spark.SparkEnv.get() == null ? "driver" : org.apache.spark.SparkEnv.get().executorId();
        try {
            return id + "@" + InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return id;
        }
    }
}
