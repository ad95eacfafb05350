package org.facenas.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facenas.evaluator.CandidateResult;

/**
 * The one reader and the one writer of a run directory's JSON Lines files ({@value RunRecord#CANDIDATES},
 * {@value RunRecord#REFERENCES}, {@value RunRecord#GENERATIONS}). A record is flat JSON: every
 * {@link CandidateResult} field plus the run's fields, so pandas or Spark SQL read it without FaceNAS.
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
    public void appendGeneration(Map<String, Object> summary) {
        generations.append(summary);
    }

    /** Every candidate line of the run in {@code dir}, in the order recorded (repeats included). */
    public static List<CandidateRecord> readCandidates(Path dir) {
        Path file = dir.resolve(RunRecord.CANDIDATES);
        List<CandidateRecord> out = new ArrayList<>();
        for (JsonLinesLog.Line line : JsonLinesLog.readLines(file, JSON)) {
            int i = line.number();
            JsonNode n = line.value();
            CandidateResult r = result(file, i, n);
            int[] genotype = n.has(GENOTYPE) && !n.get(GENOTYPE).isNull() ? convert(file, i, n.get(GENOTYPE), int[].class) : new int[0];
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
    public static List<JsonNode> readGenerations(Path dir) {
        return JsonLinesLog.read(dir.resolve(RunRecord.GENERATIONS), JSON);
    }

    private static CandidateResult result(Path file, int line, JsonNode n) {
        // a line that parses but is no candidate ({} or another file's lines) must not count as one
        if (!n.isObject() || !n.hasNonNull("blockString") || !n.hasNonNull("status")) {
            throw new IllegalArgumentException("run record " + file + " line " + line + " is not a candidate (no blockString "
                    + "and status): it was edited or comes from another file; remove that line");
        }
        return convert(file, line, n, CandidateResult.class);
    }

    private static <T> T convert(Path file, int line, JsonNode n, Class<T> type) {
        try {
            return JSON.treeToValue(n, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("run record " + file + " line " + line + " is not a candidate: "
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
