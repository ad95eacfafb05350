package org.facenas.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.evaluator.CandidateResult;
import org.facenas.results.JsonLinesLog;

/**
 * A search run on disk, readable without FaceNAS:
 * <ul>
 *   <li>{@code config.yaml}: the resolved config (absolute paths), {@code config.original.yaml}: as given;</li>
 *   <li>{@code candidates.jsonl}: one line per evaluated candidate, appended as each finishes (the
 *       {@link CandidateResult} fields plus runId, generation, genotype, executor, recordedAt);</li>
 *   <li>{@code generations.jsonl}: one line per finished generation (population, front, hypervolume);</li>
 *   <li>{@code state.json}: the {@link RunState} to resume from, replaced atomically.</li>
 * </ul>
 */
public final class RunDirectory implements AutoCloseable {

    public static final String CONFIG = org.facenas.results.RunRecord.CONFIG;
    public static final String CANDIDATES = org.facenas.results.RunRecord.CANDIDATES;
    public static final String GENERATIONS = org.facenas.results.RunRecord.GENERATIONS;
    public static final String STATE = org.facenas.results.RunRecord.STATE;

    private final Path dir;
    private final SearchConfig config;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Map<String, CandidateResult> results = new LinkedHashMap<>();
    private final JsonLinesLog candidates;
    private final JsonLinesLog generations;
    private final Map<String, CandidateResult> references = new LinkedHashMap<>();
    private final JsonLinesLog referenceLog;

    private RunDirectory(Path dir, SearchConfig config) {
        this.dir = dir;
        this.config = config;
        for (JsonNode n : JsonLinesLog.read(dir.resolve(CANDIDATES), json)) {
            CandidateResult r = toResult(n);
            results.putIfAbsent(r.blockString(), r);
        }
        for (JsonNode n : JsonLinesLog.read(dir.resolve(org.facenas.results.RunRecord.REFERENCES), json)) {
            CandidateResult r = toResult(n);
            references.putIfAbsent(r.blockString(), r);
        }
        this.referenceLog = JsonLinesLog.open(dir.resolve(org.facenas.results.RunRecord.REFERENCES), json);
        this.candidates = JsonLinesLog.open(dir.resolve(CANDIDATES), json);
        this.generations = JsonLinesLog.open(dir.resolve(GENERATIONS), json);
    }

    /** A new run directory; fails if {@code dir} already holds a run (resume it instead). */
    public static RunDirectory create(Path dir, SearchConfig resolved, String originalText) {
        if (Files.exists(dir.resolve(STATE)) || Files.exists(dir.resolve(CANDIDATES))) {
            throw new IllegalArgumentException("run directory " + dir + " already holds a run: continue it with --resume "
                    + dir + " or choose another --out");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.original.yaml"), originalText);
            JsonLinesLog.writeAtomically(dir.resolve(CONFIG), resolved.toYaml().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir, e);
        }
        return new RunDirectory(dir, resolved);
    }

    /** An existing run, to resume or inspect. */
    public static RunDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new IllegalArgumentException(dir + " is not a FaceNAS run directory (no " + CONFIG + ")");
        }
        return new RunDirectory(dir, SearchConfig.load(dir.resolve(CONFIG)));
    }

    public Path path() {
        return dir;
    }

    public String runId() {
        return dir.getFileName().toString();
    }

    public SearchConfig config() {
        return config;
    }

    /** Every candidate evaluated so far in this run, by block string. */
    public synchronized Map<String, CandidateResult> results() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    public synchronized Optional<CandidateResult> result(String blockString) {
        return Optional.ofNullable(results.get(blockString));
    }

    /** Appends a finished candidate (durably) unless its block string is already recorded; true if appended. */
    public synchronized boolean record(CandidateResult r, long generation, int[] genotype, String executor) {
        if (results.containsKey(r.blockString())) {
            return false;
        }
        ObjectNode line = json.valueToTree(r);
        line.put("runId", runId());
        line.put("generation", generation);
        line.set("genotype", json.valueToTree(genotype));
        line.put("executor", executor);
        line.put("recordedAt", Instant.now().toString());
        candidates.append(line);
        results.put(r.blockString(), r);
        return true;
    }

    /** Zoo references evaluated with the run's proxy (references.jsonl), by block string. */
    public synchronized Optional<CandidateResult> reference(String blockString) {
        return Optional.ofNullable(references.get(blockString));
    }

    /** Appends an evaluated zoo reference (not a search candidate: it never enters the population or the front). */
    public synchronized boolean recordReference(CandidateResult r, String name, String executor) {
        if (references.containsKey(r.blockString())) {
            return false;
        }
        ObjectNode line = json.valueToTree(r);
        line.put("runId", runId());
        line.put("name", name);
        line.put("executor", executor);
        line.put("recordedAt", Instant.now().toString());
        referenceLog.append(line);
        references.put(r.blockString(), r);
        return true;
    }

    public void recordGeneration(Map<String, Object> summary) {
        generations.append(summary);
    }

    public List<JsonNode> generationRecords() {
        return JsonLinesLog.read(dir.resolve(GENERATIONS), json);
    }

    public List<JsonNode> candidateRecords() {
        return JsonLinesLog.read(dir.resolve(CANDIDATES), json);
    }

    public Optional<RunState> state() {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), RunState.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage() + "; it is written atomically, so "
                    + "something else changed it");
        }
    }

    public void saveState(RunState state) {
        try {
            JsonLinesLog.writeAtomically(dir.resolve(STATE), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CandidateResult toResult(JsonNode n) {
        try {
            return json.treeToValue(n, CandidateResult.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable candidate record in " + dir.resolve(CANDIDATES) + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        candidates.close();
        generations.close();
        referenceLog.close();
    }
}
