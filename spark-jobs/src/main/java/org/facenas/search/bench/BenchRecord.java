package org.facenas.search.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A finished task as recorded in a benchmark's {@code records.jsonl}: the task, the evaluation result (the
 * {@code CandidateResult} JSON, kept as JSON so that fields added later are read too), where it ran.
 */
public record BenchRecord(BenchTask task, JsonNode result, String executor, String recordedAt) {

    public boolean ok() {
        return "OK".equals(result.path("status").asText());
    }

    /** A numeric result field, if recorded and not null. */
    public Optional<Double> number(String field) {
        JsonNode n = result.get(field);
        return n == null || !n.isNumber() ? Optional.empty() : Optional.of(n.asDouble());
    }

    public String failure() {
        return result.path("failure").asText("");
    }
}
