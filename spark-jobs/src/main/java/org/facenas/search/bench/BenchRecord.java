package org.facenas.search.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A finished task as recorded in a benchmark's {@code records.jsonl}: what identified the task (its key, the
 * proxy's description rather than its object, so records stay readable when ProxySettings gains fields), the
 * evaluation result (the {@code CandidateResult} JSON, kept as JSON so that fields added later are read too) and
 * where it ran.
 */
public record BenchRecord(String key, String label, String blockString, String proxyName, String proxy, long seed, String kd,
                          String teacher, JsonNode result, String executor, String recordedAt) {

    static BenchRecord of(BenchTask task, JsonNode result, String executor, String recordedAt) {
        return new BenchRecord(task.key(), task.label(), task.blockString(), task.proxyName(), task.proxy().describe(), task.seed(),
                task.kd(), task.teacher(), result, executor, recordedAt);
    }

    public boolean ok() {
        return "OK".equals(result.path("status").asText());
    }

    /** A numeric result field ({@code a.b}: field b of object a), if recorded and not null. */
    public Optional<Double> number(String field) {
        JsonNode n = result.at("/" + field.replace('.', '/'));
        return n == null || !n.isNumber() ? Optional.empty() : Optional.of(n.asDouble());
    }

    /** Whether a zero-cost proxy made it (scores at initialisation, nothing trained). */
    public boolean zeroCost() {
        return result.hasNonNull("zeroCost");
    }

    public String failure() {
        return result.path("failure").asText("");
    }
}
