package org.facenas.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.evaluator.CandidateResult;

/**
 * A search run directory, read-only: what the front, report and export commands work from. The files are plain
 * JSON Lines and YAML (see README, "Run directory"), so pandas or Spark SQL read them as well.
 */
public final class RunRecord {

    public static final String CONFIG = "config.yaml";
    public static final String CANDIDATES = "candidates.jsonl";
    public static final String GENERATIONS = "generations.jsonl";
    public static final String STATE = "state.json";
    public static final String REFERENCES = "references.jsonl";

    /** A recorded candidate: its result plus where and when in the run it was evaluated. */
    public record Candidate(CandidateResult result, long generation, int[] genotype, String executor, String runId) {
    }

    private final Path dir;
    private final JsonNode config;
    private final List<Candidate> candidates;
    private final List<JsonNode> generations;
    private final List<Reference> references;

    /** A zoo architecture evaluated with the run's proxy, as a yardstick. */
    public record Reference(String name, CandidateResult result) {
    }

    private RunRecord(Path dir, JsonNode config, List<Candidate> candidates, List<JsonNode> generations, List<Reference> references) {
        this.dir = dir;
        this.references = List.copyOf(references);
        this.config = config;
        this.candidates = List.copyOf(candidates);
        this.generations = List.copyOf(generations);
    }

    public static RunRecord open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG)) || !Files.exists(dir.resolve(CANDIDATES))) {
            throw new IllegalArgumentException(dir + " is not a FaceNAS run directory (it needs " + CONFIG + " and " + CANDIDATES
                    + "); give the directory a search printed as its last line");
        }
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        JsonNode config;
        try {
            config = new ObjectMapper(new YAMLFactory()).readTree(dir.resolve(CONFIG).toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + dir.resolve(CONFIG) + ": " + e.getMessage());
        }
        Map<String, Candidate> byBlock = new LinkedHashMap<>();
        for (JsonNode n : JsonLinesLog.read(dir.resolve(CANDIDATES), json)) {
            try {
                CandidateResult r = json.treeToValue(n, CandidateResult.class);
                int[] genotype = n.has("genotype") ? json.treeToValue(n.get("genotype"), int[].class) : new int[0];
                byBlock.putIfAbsent(r.blockString(), new Candidate(r, n.path("generation").asLong(), genotype,
                        n.path("executor").asText(null), n.path("runId").asText(dir.getFileName().toString())));
            } catch (IOException e) {
                throw new IllegalArgumentException("unreadable candidate in " + dir.resolve(CANDIDATES) + ": " + e.getMessage());
            }
        }
        // a generation repeated after a resume appears twice; the last line of each generation counts
        Map<Long, JsonNode> gens = new LinkedHashMap<>();
        for (JsonNode g : JsonLinesLog.read(dir.resolve(GENERATIONS), json)) {
            gens.put(g.path("generation").asLong(), g);
        }
        List<Reference> refs = new ArrayList<>();
        for (JsonNode n : JsonLinesLog.read(dir.resolve(REFERENCES), json)) {
            try {
                refs.add(new Reference(n.path("name").asText(), json.treeToValue(n, CandidateResult.class)));
            } catch (IOException e) {
                throw new IllegalArgumentException("unreadable reference in " + dir.resolve(REFERENCES) + ": " + e.getMessage());
            }
        }
        return new RunRecord(dir, config, new ArrayList<>(byBlock.values()), new ArrayList<>(gens.values()), refs);
    }

    public Path dir() {
        return dir;
    }

    public String runId() {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }

    public JsonNode config() {
        return config;
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    public List<Reference> references() {
        return references;
    }

    public List<JsonNode> generations() {
        return generations;
    }

    public Optional<Candidate> candidate(String blockString) {
        return candidates.stream().filter(c -> c.result().blockString().equals(blockString)).findFirst();
    }

    /** The run's objectives (config objectives), accuracy and MFLOPs when absent. */
    public List<String> objectiveNames() {
        List<String> out = new ArrayList<>();
        config.path("objectives").forEach(o -> out.add(o.asText()));
        return out.isEmpty() ? List.of("accuracy", "mflops") : out;
    }
}
