package org.facenas.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.facenas.records.CandidateResult;

/**
 * The one reader and the one writer of a run directory's records: the JSON Lines files ({@value RunRecord#CANDIDATES},
 * {@value RunRecord#REFERENCES}, {@value RunRecord#GENERATIONS}) and {@value RunRecord#STATE}. A record is flat JSON:
 * every {@link CandidateResult} field plus the run's fields, so pandas or Spark SQL read it without FaceNAS.
 */
public final class RunLog implements AutoCloseable {

    /** Field names of a candidate line that are not {@link CandidateResult} fields. */
    static final String RUN_ID = "runId";
    static final String GENERATION = "generation";
    static final String RUNG = "rung";
    static final String GENOTYPE = "genotype";
    static final String EXECUTOR = "executor";
    static final String RECORDED_AT = "recordedAt";
    static final String DATA_HASH = "dataHash";
    static final String NAME = "name";

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final JsonLinesLog candidates;
    private final JsonLinesLog references;
    private final JsonLinesLog generations;

    private RunLog(Path dir) {
        this.candidates = JsonLinesLog.open(dir.resolve(RunRecord.CANDIDATES), JSON);
        this.references = JsonLinesLog.open(dir.resolve(RunRecord.REFERENCES), JSON);
        this.generations = JsonLinesLog.open(dir.resolve(RunRecord.GENERATIONS), JSON);
    }

    /** Opens the run's logs for appending (creating them), first repairing a torn last line left by a killed writer. */
    public static RunLog open(Path dir) {
        return new RunLog(dir);
    }

    public void append(CandidateRecord c) {
        ObjectNode line = JSON.valueToTree(c.result());
        line.put(RUN_ID, c.runId());
        line.put(GENERATION, c.generation());
        line.put(RUNG, c.rung());
        line.set(GENOTYPE, JSON.valueToTree(c.genotype()));
        line.put(EXECUTOR, c.executor());
        line.put(RECORDED_AT, c.recordedAt());
        line.put(DATA_HASH, c.dataHash());
        candidates.append(line);
    }

    public void append(ReferenceRecord r) {
        ObjectNode line = JSON.valueToTree(r.result());
        line.put(RUN_ID, r.runId());
        line.put(NAME, r.name());
        line.put(EXECUTOR, r.executor());
        line.put(RECORDED_AT, r.recordedAt());
        line.put(DATA_HASH, r.dataHash());
        references.append(line);
    }

    /** A finished generation's summary (population, front, hypervolume...), one line. */
    public void append(GenerationRecord generation) {
        generations.append(generation);
    }

    /** Every candidate line of the run in {@code dir}, in the order recorded (repeats included). */
    public static List<CandidateRecord> readCandidates(Path dir) {
        Path file = dir.resolve(RunRecord.CANDIDATES);
        List<CandidateRecord> out = new ArrayList<>();
        for (JsonLinesLog.Line line : JsonLinesLog.readLines(file, JSON)) {
            int i = line.number();
            JsonNode n = line.value();
            CandidateResult r = result(file, i, n);
            int[] genotype = n.has(GENOTYPE) && !n.get(GENOTYPE).isNull() ? convert(file, i, n.get(GENOTYPE), int[].class, "candidate") : new int[0];
            out.add(new CandidateRecord(r, n.path(RUN_ID).asText(dir.toAbsolutePath().normalize().getFileName().toString()),
                    n.path(GENERATION).asLong(), n.path(RUNG).asInt(0), genotype, text(n, EXECUTOR), text(n, RECORDED_AT),
                    text(n, DATA_HASH)));
        }
        return out;
    }

    /** Every reference line of the run in {@code dir}. */
    public static List<ReferenceRecord> readReferences(Path dir) {
        Path file = dir.resolve(RunRecord.REFERENCES);
        List<ReferenceRecord> out = new ArrayList<>();
        for (JsonLinesLog.Line line : JsonLinesLog.readLines(file, JSON)) {
            int i = line.number();
            JsonNode n = line.value();
            out.add(new ReferenceRecord(n.path(NAME).asText(), result(file, i, n), text(n, RUN_ID), text(n, EXECUTOR),
                    text(n, RECORDED_AT), text(n, DATA_HASH)));
        }
        return out;
    }

    /** Every generation line of the run in {@code dir} (a generation repeated after a resume appears twice). */
    public static List<GenerationRecord> readGenerations(Path dir) {
        Path file = dir.resolve(RunRecord.GENERATIONS);
        List<GenerationRecord> out = new ArrayList<>();
        for (JsonLinesLog.Line line : JsonLinesLog.readLines(file, JSON)) {
            if (!line.value().isObject()) {
                throw new IllegalArgumentException("run record " + file + " line " + line.number() + " is not a generation (not "
                        + "a JSON object): it was edited or comes from another file; remove that line");
            }
            out.add(convert(file, line.number(), line.value(), GenerationRecord.class, "generation"));
        }
        return out;
    }

    /** Replaces the run's {@value RunRecord#STATE} atomically. */
    public static void writeState(Path dir, RunState state) {
        try {
            JsonLinesLog.writeAtomically(dir.resolve(RunRecord.STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run state of " + dir, e);
        }
    }

    /**
     * The run's {@value RunRecord#STATE}, empty when there is none; an empty or unreadable file is an error saying
     * why, which the caller completes with what to do.
     */
    public static Optional<RunState> readState(Path dir) {
        Path file = dir.resolve(RunRecord.STATE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (Files.readString(file).isBlank()) {
                throw new IllegalArgumentException(file + " is empty (something cut its write short)");
            }
            return Optional.of(JSON.readValue(file.toFile(), RunState.class));
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(file + " is not a run state (" + (why == null ? "" : why.lines().findFirst().orElse(""))
                    + ")");
        }
    }

    private static CandidateResult result(Path file, int line, JsonNode n) {
        // a line that parses but is no candidate ({} or another file's lines) must not count as one
        if (!n.isObject() || !n.hasNonNull("blockString") || !n.hasNonNull("status")) {
            throw new IllegalArgumentException("run record " + file + " line " + line + " is not a candidate (no blockString "
                    + "and status): it was edited or comes from another file; remove that line");
        }
        return convert(file, line, n, CandidateResult.class, "candidate");
    }

    private static <T> T convert(Path file, int line, JsonNode n, Class<T> type, String what) {
        try {
            return JSON.treeToValue(n, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("run record " + file + " line " + line + " is not a " + what + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "; restore it or remove that line");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public void close() {
        candidates.close();
        references.close();
        generations.close();
    }
}
