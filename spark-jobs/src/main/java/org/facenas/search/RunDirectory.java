package org.facenas.search;

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
import org.facenas.cli.Outputs;
import org.facenas.records.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.facenas.results.GenerationRecord;
import org.facenas.results.JsonLinesLog;
import org.facenas.results.ReferenceRecord;
import org.facenas.results.RunLog;
import org.facenas.results.RunRecord;
import org.facenas.results.RunState;
import org.facenas.results.SearchConfig;

/**
 * A search run on disk, readable without FaceNAS:
 * <ul>
 *   <li>{@code config.yaml}: the resolved config (absolute paths), {@code config.original.yaml}: as given;</li>
 *   <li>{@code candidates.jsonl}: one {@link CandidateRecord} per evaluated candidate, appended as each finishes;</li>
 *   <li>{@code generations.jsonl}: one line per finished generation (population, front, hypervolume);</li>
 *   <li>{@code state.json}: the {@link RunState} to resume from, replaced atomically.</li>
 * </ul>
 * The lines and the state are read and written by results' {@link RunLog}, the same code {@code front},
 * {@code report} and {@code export} read them with.
 */
public final class RunDirectory implements AutoCloseable {

    public static final String CONFIG = RunRecord.CONFIG;
    public static final String CANDIDATES = RunRecord.CANDIDATES;
    public static final String GENERATIONS = RunRecord.GENERATIONS;
    public static final String STATE = RunRecord.STATE;
    /** A run's own copy of its space file (a shipped space needs none). */
    public static final String SPACE = "space.yaml";

    /** A candidate's place in the record: its block string at a successive-halving rung. */
    private record Key(String blockString, int rung) {
    }

    private final Path dir;
    private final SearchConfig config;
    private final Map<Key, CandidateResult> results = new LinkedHashMap<>();
    private final Map<String, CandidateResult> references = new LinkedHashMap<>();
    private final RunLog log;

    private RunDirectory(Path dir, SearchConfig config) {
        this.dir = dir;
        this.config = config;
        this.log = RunLog.open(dir);
        for (CandidateRecord c : RunLog.readCandidates(dir)) {
            results.putIfAbsent(new Key(c.blockString(), c.rung()), c.result());
        }
        for (ReferenceRecord r : RunLog.readReferences(dir)) {
            references.putIfAbsent(r.result().blockString(), r.result());
        }
    }

    /**
     * A new run directory; fails if {@code dir} already holds a run (resume it instead), is a file, or holds files that
     * are not a run's. A folder whose run never recorded a candidate, a reference or a generation (a start that failed)
     * is reused with the new config.
     */
    public static RunDirectory create(Path dir, SearchConfig resolved, String originalText) {
        if (Files.exists(dir.resolve(STATE)) || holdsRecords(dir.resolve(CANDIDATES)) || holdsRecords(dir.resolve(RunRecord.REFERENCES))
                || holdsRecords(dir.resolve(GENERATIONS))) {
            throw new IllegalArgumentException("run directory " + dir + " already holds a run: continue it with --resume "
                    + dir + " or choose another --out");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir) || Outputs.holdsAnything(dir) && !Files.exists(dir.resolve(CONFIG))) {
            throw new IllegalArgumentException("--out " + dir + (Files.isDirectory(dir) ? " holds files and no run" : " is a file")
                    + ": choose a new or empty folder for the run");
        }
        SearchConfig kept = resolved;
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.original.yaml"), originalText);
            String written = resolved.toYaml();
            if (org.facenas.searchspace.codec.SearchSpace.looksLikeFile(resolved.space())) {
                // the run keeps its own copy of a space file: recorded genotypes decode by the space they were drawn
                // from even if the file is edited later, and the run directory can move
                Files.copy(Path.of(resolved.space()), dir.resolve(SPACE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                written = resolved.withSpace(SPACE).toYaml();
                kept = resolved.withSpace(dir.resolve(SPACE).toAbsolutePath().normalize().toString());
            }
            JsonLinesLog.writeAtomically(dir.resolve(CONFIG), written.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir, e);
        }
        return new RunDirectory(dir, kept);
    }

    private static boolean holdsRecords(Path file) {
        try {
            return Files.exists(file) && Files.size(file) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An existing run, to resume: refused (one line, the records untouched) when a recorded candidate or reference was
     * trained on a proxy key other than what its config trains now, since resuming would rank the two together.
     */
    public static RunDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new IllegalArgumentException(dir + " is not a FaceNAS run directory (no " + CONFIG + ")");
        }
        RunDirectory run = new RunDirectory(dir, SearchConfig.load(dir.resolve(CONFIG)));
        try {
            for (CandidateRecord c : RunLog.readCandidates(dir)) {
                run.requireTrainedAsNow(c.result(), c.rung());
            }
            for (ReferenceRecord r : RunLog.readReferences(dir)) {
                run.requireTrainedAsNow(r.result(), run.config.rungCount() - 1);
            }
        } catch (IllegalArgumentException e) {
            run.close();
            throw e;
        }
        return run;
    }

    private void requireTrainedAsNow(CandidateResult r, int rung) {
        String now = config.proxySettings(rung).describe();
        // a run records describe(), NAME:settings; a bare name (hand-written records) holds no settings to compare
        if (r.proxy() != null && r.proxy().contains(":") && !r.proxy().equals(now)) {
            boolean decay = (r.proxy() + ",wdrule=once").equals(now);
            throw new IllegalArgumentException(dir + " was trained on proxy " + r.proxy() + " and its config now trains " + now
                    + (decay ? " (weight decay once per step, issue 25)" : "") + ": finish it with the FaceNAS that started it, "
                    + "or start a new run with --config; its records are kept");
        }
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

    /** Every candidate evaluated so far in this run at rung 0, by block string. */
    public Map<String, CandidateResult> results() {
        return results(0);
    }

    /** Every candidate evaluated at a successive-halving rung, by block string. */
    public synchronized Map<String, CandidateResult> results(int rung) {
        Map<String, CandidateResult> out = new LinkedHashMap<>();
        results.forEach((k, r) -> {
            if (k.rung() == rung) {
                out.put(k.blockString(), r);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The rung-0 result of a block string, if recorded. */
    public synchronized Optional<CandidateResult> result(String blockString) {
        return result(blockString, 0);
    }

    public synchronized Optional<CandidateResult> result(String blockString, int rung) {
        return Optional.ofNullable(results.get(new Key(blockString, rung)));
    }

    /** Appends a finished candidate (durably) unless its block string is already recorded at its rung; true if appended. */
    public synchronized boolean record(CandidateResult r, long generation, int rung, int[] genotype, String executor, String dataHash) {
        Key key = new Key(r.blockString(), rung);
        if (results.containsKey(key)) {
            return false;
        }
        log.append(new CandidateRecord(r, runId(), generation, rung, genotype, executor, Instant.now().toString(), dataHash));
        results.put(key, r);
        return true;
    }

    /** Zoo references evaluated with the run's proxy (references.jsonl), by block string. */
    public synchronized Optional<CandidateResult> reference(String blockString) {
        return Optional.ofNullable(references.get(blockString));
    }

    /** Appends an evaluated zoo reference (not a search candidate: it never enters the population or the front). */
    public synchronized boolean recordReference(CandidateResult r, String name, String executor, String dataHash) {
        if (references.containsKey(r.blockString())) {
            return false;
        }
        log.append(new ReferenceRecord(name, r, runId(), executor, Instant.now().toString(), dataHash));
        references.put(r.blockString(), r);
        return true;
    }

    public void recordGeneration(GenerationRecord generation) {
        log.append(generation);
    }

    public List<GenerationRecord> generationRecords() {
        return RunLog.readGenerations(dir);
    }

    public List<CandidateRecord> candidateRecords() {
        return RunLog.readCandidates(dir);
    }

    public Optional<RunState> state() {
        try {
            return RunLog.readState(dir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ": the " + results().size() + " recorded candidates are intact: delete "
                    + dir.resolve(STATE) + " and --resume again to restart from generation 1, reusing every recorded candidate");
        }
    }

    public void saveState(RunState state) {
        RunLog.writeState(dir, state);
    }

    @Override
    public void close() {
        log.close();
    }
}
