package org.facenas.search.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.results.JsonLinesLog;
import org.facenas.cli.Outputs;

/**
 * A benchmark run on disk: {@code records.jsonl}, one line per finished task, appended (and forced to disk) the
 * moment it finishes; {@code bench.json}, what was asked for last and every invocation before it. Opening an existing directory continues it:
 * a task whose key is already recorded is never trained again, so a killed run loses at most the tasks that were
 * training. A task recorded FAILED may be trained again on request ({@code --retry-failed}): its new record is
 * appended after the failed one, which stays in the file, and the task's record is its first OK one, else its last.
 */
public final class BenchRunDirectory implements AutoCloseable {

    public static final String RECORDS = "records.jsonl";
    public static final String DESCRIPTION = "bench.json";
    static final String INVOCATIONS = "invocations";

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Map<String, BenchRecord> records = new LinkedHashMap<>();
    private final JsonLinesLog log;
    private final boolean retryFailed;

    private BenchRunDirectory(Path dir, boolean retryFailed) {
        this.dir = dir;
        this.retryFailed = retryFailed;
        for (JsonNode n : JsonLinesLog.read(dir.resolve(RECORDS), json)) {
            keep(fromJson(n));
        }
        this.log = JsonLinesLog.open(dir.resolve(RECORDS), json);
    }

    /** Opens (creating it if needed) a benchmark directory; existing records are kept and reused. */
    public static BenchRunDirectory open(Path dir) {
        return open(dir, false);
    }

    /** The same; with {@code retryFailed}, a task recorded FAILED {@link #needsTraining needs training} again. */
    public static BenchRunDirectory open(Path dir, boolean retryFailed) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("bench output " + dir + " is a file: give a directory with --out");
        }
        if (Outputs.holdsAnything(dir) && !Files.exists(dir.resolve(RECORDS)) && !Files.exists(dir.resolve(DESCRIPTION))) {
            throw new IllegalArgumentException("bench output " + dir + " holds files and no bench run (" + RECORDS
                    + "): give a new or empty folder, or the --out of an earlier bench, with --out");
        }
        return new BenchRunDirectory(dir, retryFailed);
    }

    public Path path() {
        return dir;
    }

    public synchronized Optional<BenchRecord> record(BenchTask task) {
        return Optional.ofNullable(records.get(task.key()));
    }

    /** Whether {@code task} is still to train: nothing recorded, or (when retrying failures) only a FAILED record. */
    public synchronized boolean needsTraining(BenchTask task) {
        BenchRecord r = records.get(task.key());
        return r == null || retryFailed && !r.ok();
    }

    public boolean retriesFailed() {
        return retryFailed;
    }

    public synchronized List<BenchRecord> records() {
        return List.copyOf(records.values());
    }

    /** Appends a finished task durably, unless its key already has an OK record; true if appended. */
    public synchronized boolean append(BenchTask task, JsonNode result, String executor) {
        BenchRecord had = records.get(task.key());
        if (had != null && had.ok()) {
            return false;
        }
        BenchRecord r = BenchRecord.of(task, result, executor, Instant.now().toString());
        log.append(toJson(r));
        keep(r);
        return true;
    }

    /** A task's record is its first OK one, else its last: a retried failure that succeeds replaces it, nothing else does. */
    private void keep(BenchRecord r) {
        records.merge(r.key(), r, (had, now) -> had.ok() ? had : now);
    }

    /**
     * Records an invocation in bench.json, atomically: its top-level fields are what the last invocation asked for
     * (read as before), and {@code invocations} lists every invocation, oldest first, each with its time. A
     * bench.json written before the list existed becomes its first entry, so no earlier request is lost.
     */
    public void describe(Map<String, Object> description) {
        Path file = dir.resolve(DESCRIPTION);
        try {
            ArrayNode invocations = json.createArrayNode();
            if (Files.isRegularFile(file)) {
                JsonNode old = json.readTree(file.toFile());
                if (old != null && old.has(INVOCATIONS) && old.get(INVOCATIONS).isArray()) {
                    invocations.addAll((ArrayNode) old.get(INVOCATIONS));
                } else if (old != null && old.isObject()) {
                    invocations.add(old);
                }
            }
            ObjectNode now = json.valueToTree(description);
            now.put("invokedAt", Instant.now().toString());
            invocations.add(now);
            ObjectNode doc = now.deepCopy();
            doc.set(INVOCATIONS, invocations);
            JsonLinesLog.writeAtomically(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file + ": " + e.getMessage() + " (restore or remove it)", e);
        }
    }

    /** The invocations bench.json records, oldest first (an old bench.json's one description; empty without the file). */
    public List<JsonNode> invocations() {
        Path file = dir.resolve(DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            JsonNode doc = json.readTree(file.toFile());
            if (doc.has(INVOCATIONS) && doc.get(INVOCATIONS).isArray()) {
                List<JsonNode> out = new java.util.ArrayList<>();
                doc.get(INVOCATIONS).forEach(out::add);
                return out;
            }
            return List.of(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode toJson(BenchRecord r) {
        ObjectNode line = json.createObjectNode();
        line.put("key", r.key());
        line.put("label", r.label());
        line.put("blockString", r.blockString());
        line.put("proxyName", r.proxyName());
        line.put("proxySettings", r.proxy());
        line.put("seed", r.seed());
        line.put("kd", r.kd());
        line.set("result", r.result());
        if (r.teacher() != null) {
            line.put("teacher", r.teacher());
        }
        line.put("executor", r.executor());
        line.put("recordedAt", r.recordedAt());
        return line;
    }

    private BenchRecord fromJson(JsonNode n) {
        if (!n.hasNonNull("key") || !n.hasNonNull("result")) {
            throw new IllegalArgumentException("bench record in " + dir.resolve(RECORDS) + " lacks key or result: " + n
                    + "; the file was edited or damaged: restore it or remove that line");
        }
        // the first records had the proxy object; its name and the key carry what the analysis needs
        String settings = n.hasNonNull("proxySettings") ? n.get("proxySettings").asText()
                : n.path("key").asText().split("\\|", -1).length > 1 ? n.path("key").asText().split("\\|", -1)[1] : "";
        return new BenchRecord(n.get("key").asText(), n.path("label").asText(), n.path("blockString").asText(),
                n.path("proxyName").asText(), settings, n.path("seed").asLong(), n.path("kd").asText("none"),
                n.hasNonNull("teacher") ? n.get("teacher").asText() : null, n.get("result"),
                n.path("executor").asText(), n.path("recordedAt").asText());
    }

    @Override
    public void close() {
        log.close();
    }
}
