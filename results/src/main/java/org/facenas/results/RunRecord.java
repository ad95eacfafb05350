package org.facenas.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.results.confirm.Confirmation;

/**
 * A search run directory, read-only: what the front, report and export commands work from. The files are plain
 * JSON Lines and YAML (docs/run-directory.md), so pandas or Spark SQL read them as well; {@link RunLog}
 * reads and writes the lines, {@link SearchConfig} the config.
 */
public final class RunRecord {

    public static final String CONFIG = "config.yaml";
    public static final String CANDIDATES = "candidates.jsonl";
    public static final String GENERATIONS = "generations.jsonl";
    public static final String STATE = "state.json";
    public static final String REFERENCES = "references.jsonl";
    /** The files a run keeps its record in: no command writes its output over one of them, even with --force. */
    static final List<String> RECORD_FILES = List.of(CONFIG, "config.original.yaml", CANDIDATES, GENERATIONS, STATE, REFERENCES);

    private final Path dir;
    private final SearchConfig config;
    private final List<CandidateRecord> candidates;
    private final List<GenerationRecord> generations;
    private final List<ReferenceRecord> references;
    private final Map<String, List<Confirmation.Score>> confirmed;

    private RunRecord(Path dir, SearchConfig config, List<CandidateRecord> candidates, List<GenerationRecord> generations,
                      List<ReferenceRecord> references) {
        this.dir = dir;
        this.references = List.copyOf(references);
        this.config = config;
        this.candidates = List.copyOf(candidates);
        this.generations = List.copyOf(generations);
        this.confirmed = Confirmation.scores(dir, config.qualityMetric());
    }

    /** An error when {@code out} is a record file of a run directory (it holds config.yaml). */
    public static void refuseAsOutput(String option, Path out) {
        Path dir = out.toAbsolutePath().normalize().getParent();
        if (dir != null && Files.isRegularFile(dir.resolve(CONFIG)) && RECORD_FILES.contains(out.getFileName().toString())) {
            throw new IllegalArgumentException(option + " " + out + " is a record file of the run " + dir
                    + ": a command never writes over a run's record; choose another " + option);
        }
    }

    public static RunRecord open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG)) || !Files.exists(dir.resolve(CANDIDATES))) {
            throw new IllegalArgumentException(dir + " is not a FaceNAS run directory (it needs " + CONFIG + " and " + CANDIDATES
                    + "); give the directory a search printed as its last line");
        }
        SearchConfig config = SearchConfig.load(dir.resolve(CONFIG));
        // a generation repeated after a resume appears twice; the last line of each generation counts
        Map<Long, GenerationRecord> gens = new LinkedHashMap<>();
        for (GenerationRecord g : RunLog.readGenerations(dir)) {
            gens.put(g.generation(), g);
        }
        Map<String, ReferenceRecord> refs = new LinkedHashMap<>();
        for (ReferenceRecord r : RunLog.readReferences(dir)) {
            refs.putIfAbsent(r.result().blockString(), r);
        }
        return new RunRecord(dir, config, latestRungs(RunLog.readCandidates(dir)), new ArrayList<>(gens.values()),
                new ArrayList<>(refs.values()));
    }

    /**
     * One record per block string, in the order first recorded: the one of the highest rung (the longest training),
     * the first of them when a rung was recorded twice (a resumed generation).
     */
    public static List<CandidateRecord> latestRungs(List<CandidateRecord> lines) {
        Map<String, CandidateRecord> byBlock = new LinkedHashMap<>();
        for (CandidateRecord c : lines) {
            byBlock.merge(c.blockString(), c, (old, now) -> now.rung() > old.rung() ? now : old);
        }
        return new ArrayList<>(byBlock.values());
    }

    public Path dir() {
        return dir;
    }

    public String runId() {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }

    public SearchConfig config() {
        return config;
    }

    /** The run's candidates, one per block string (see {@link #latestRungs}). */
    public List<CandidateRecord> candidates() {
        return candidates;
    }

    /**
     * Confirmed scores ({@code facenas confirm}, in {@code confirm/}) by block string, one per proxy; empty when the
     * run was never confirmed.
     */
    public Map<String, List<Confirmation.Score>> confirmed() {
        return confirmed;
    }

    public List<ReferenceRecord> references() {
        return references;
    }

    /** The run's generation lines, the last of each generation, in the order first recorded. */
    public List<GenerationRecord> generations() {
        return generations;
    }

    public Optional<CandidateRecord> candidate(String blockString) {
        return candidates.stream().filter(c -> c.blockString().equals(blockString)).findFirst();
    }

    /** The run's objectives (config objectives). */
    public List<Metric> objectives() {
        return config.objectives();
    }
}
