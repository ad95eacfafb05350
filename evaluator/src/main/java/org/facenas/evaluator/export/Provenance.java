package org.facenas.evaluator.export;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.facenas.data.source.FaceSource;
import org.facenas.records.CandidateResult;

/**
 * Where an exported architecture comes from, enough to reproduce its score from the file alone; travels inside
 * every export (the JSON file, the DL4J zip entry {@value ArchitectureExport#PROVENANCE_ENTRY}, the ONNX doc_string).
 * Made from typed parts by {@link #of(CandidateResult)}: the scores say what was trained (seed, block string,
 * proxy, KD, teacher), {@link Run} where in a search, {@link Dataset} on what data; version and time are filled in
 * here. The JSON is flat (the {@code facenas-export/1} field names).
 *
 * @param weights what the weights are: "initialised" for an architecture export, or how they were trained
 */
@JsonPropertyOrder({"facenasVersion", "runId", "seed", "genotype", "blockString", "proxy", "kd", "teacherHash", "dataDir",
        "dataFormat", "dataHash", "trainPeople", "pairs", "verification", "weights", "exportedAt"})
public record Provenance(String facenasVersion, @JsonUnwrapped Run run, long seed, String blockString, String proxy,
                         String kd, String teacherHash, @JsonUnwrapped Dataset data, String weights, String exportedAt) {

    /** The FaceNAS version of this build (the jar's manifest), or the development version. */
    public static final String VERSION = Provenance.class.getPackage().getImplementationVersion() == null ? "0.1.0-SNAPSHOT"
            : Provenance.class.getPackage().getImplementationVersion();

    /** The run that evaluated it ({@code train-TIMESTAMP} for {@code facenas train}) and its choice indices. */
    public record Run(String runId, int[] genotype) {
        public Run {
            genotype = genotype == null ? new int[0] : genotype.clone();
        }

        /** A stand-alone training, outside any search. */
        public static Run standalone(String command) {
            return new Run(command + "-" + Instant.now().toString().replace(':', '-'), new int[0]);
        }
    }

    /**
     * The dataset a score was measured on.
     *
     * @param dataFormat   the folder's layout ({@code lfw_folder} or {@code insightface_recordio}; null when unknown)
     * @param dataHash     the dataset's content hash when the candidate was evaluated (null when not recorded)
     * @param trainPeople  training identities file (or the note that every identity of train.rec trained)
     * @param pairs        the first verification set, the one the accuracy is on (absolute path)
     * @param verification every verification set scored, in order (absolute paths; the first is {@code pairs})
     */
    public record Dataset(String dataDir, String dataFormat, String dataHash, String trainPeople, String pairs, List<String> verification) {
        public Dataset {
            verification = verification == null ? (pairs == null ? List.of() : List.of(pairs)) : List.copyOf(verification);
        }

        /** The dataset of a proxy's data, as it was loaded: folder, layout, content hash and the sets it scored. */
        public static Dataset of(Path dataDir, FaceSource.Format format, String dataHash, String trainPeople, List<String> verification) {
            return new Dataset(dataDir.toAbsolutePath().normalize().toString(), format == null ? null : format.name().toLowerCase(Locale.ROOT),
                    dataHash, trainPeople, verification.isEmpty() ? null : verification.get(0), verification);
        }
    }

    /** Starts a provenance of what {@code scores} were measured on. */
    public static Builder of(CandidateResult scores) {
        return new Builder(scores);
    }

    /** Fills the parts a provenance needs; {@link #build} adds the version and the time. */
    public static final class Builder {
        private final CandidateResult scores;
        private Run run;
        private Dataset data;
        private String weights;

        private Builder(CandidateResult scores) {
            this.scores = Objects.requireNonNull(scores, "scores");
        }

        public Builder run(Run run) {
            this.run = run;
            return this;
        }

        public Builder data(Dataset data) {
            this.data = data;
            return this;
        }

        public Builder weights(String weights) {
            this.weights = weights;
            return this;
        }

        public Provenance build() {
            return new Provenance(VERSION, Objects.requireNonNull(run, "run"), scores.seed(), scores.blockString(), scores.proxy(),
                    scores.kd(), scores.teacherHash(), Objects.requireNonNull(data, "data"), Objects.requireNonNull(weights, "weights"),
                    Instant.now().toString());
        }
    }
}
