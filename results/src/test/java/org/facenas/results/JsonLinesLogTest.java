package org.facenas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesLogTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aTornLastLineIsDroppedOnReadAndCutOffOnReopen() throws Exception {
        Path f = dir.resolve("candidates.jsonl");
        try (JsonLinesLog log = JsonLinesLog.open(f, mapper)) {
            log.append(Map.of("id", 1));
            log.append(Map.of("id", 2));
        }
        Files.writeString(f, "{\"id\": 3, \"acc", StandardOpenOption.APPEND);
        assertEquals(2, JsonLinesLog.read(f, mapper).size());
        try (JsonLinesLog log = JsonLinesLog.open(f, mapper)) {
            log.append(Map.of("id", 4));
        }
        List<JsonNode> all = JsonLinesLog.read(f, mapper);
        assertEquals(List.of(1, 2, 4), all.stream().map(n -> n.get("id").asInt()).toList());
    }

    @Test
    void aCompleteLastLineWithoutItsNewlineIsARecordKeptOnReadAndOnReopen() throws Exception {
        Path f = dir.resolve("candidates.jsonl");
        Files.writeString(f, "{\"id\":1}\n{\"id\":2}");
        assertEquals(List.of(1, 2), JsonLinesLog.read(f, mapper).stream().map(n -> n.get("id").asInt()).toList());
        try (JsonLinesLog log = JsonLinesLog.open(f, mapper)) {
            log.append(Map.of("id", 3));
        }
        assertEquals(List.of(1, 2, 3), JsonLinesLog.read(f, mapper).stream().map(n -> n.get("id").asInt()).toList());
        assertEquals("{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n", Files.readString(f));
    }

    @Test
    void aCorruptCompleteLineIsAnErrorNamingIt() throws Exception {
        Path f = dir.resolve("candidates.jsonl");
        Files.writeString(f, "{\"id\":1}\nnot json\n{\"id\":2}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonLinesLog.read(f, mapper));
        assertTrue(e.getMessage().contains("line 2 is not valid JSON"), e.getMessage());
    }

    /** A real writer process killed with SIGKILL in the middle of appending: every complete record survives. */
    @Test
    void killedWriterLosesNothingAlreadyWritten() throws Exception {
        Path f = dir.resolve("candidates.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Writer.class.getName(), f.toString())
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((!Files.exists(f) || Files.size(f) < 200_000) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor();
        List<JsonNode> records = JsonLinesLog.read(f, mapper);
        assertTrue(records.size() > 100, "records " + records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i, records.get(i).get("seq").asInt());
            assertEquals(500, records.get(i).get("pad").asText().length());
        }
        try (JsonLinesLog log = JsonLinesLog.open(f, mapper)) {
            log.append(Map.of("seq", records.size(), "pad", "x".repeat(500)));
        }
        assertEquals(records.size() + 1, JsonLinesLog.read(f, mapper).size());
    }

    /** Appends numbered records until killed. */
    public static final class Writer {
        public static void main(String[] args) {
            try (JsonLinesLog log = JsonLinesLog.open(Path.of(args[0]), new ObjectMapper())) {
                for (int i = 0; ; i++) {
                    log.append(Map.of("seq", i, "pad", "x".repeat(500)));
                }
            }
        }
    }

    @Test
    void atomicWriteReplacesWholeFiles() throws Exception {
        Path f = dir.resolve("state.json");
        JsonLinesLog.writeAtomically(f, "{\"gen\":1}".getBytes(StandardCharsets.UTF_8));
        JsonLinesLog.writeAtomically(f, "{\"gen\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"gen\":2}", Files.readString(f));
        assertTrue(!Files.exists(dir.resolve("state.json.tmp")));
    }
}
