package org.facenas.results.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facenas.cli.OneLineErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code front} and {@code report} read runs without DL4J or ND4J: this module's test classpath has neither, and
 * every run directory committed under measurements/ shows its front and renders its report here.
 */
class CommittedRunsTest {

    @TempDir
    Path tmp;

    @Test
    void neitherDl4jNorNd4jIsOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.nd4j.linalg.factory.Nd4j"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.deeplearning4j.nn.graph.ComputationGraph"));
    }

    @Test
    void everyCommittedRunShowsItsFrontAndRendersItsReport() throws Exception {
        List<Path> runs;
        try (Stream<Path> files = Files.walk(Path.of("../measurements"))) {
            runs = files.filter(p -> p.getFileName().toString().equals("candidates.jsonl")).map(Path::getParent).sorted().toList();
        }
        assertTrue(runs.size() >= 10, "committed run directories: " + runs);
        ObjectMapper json = new ObjectMapper();
        for (Path run : runs) {
            String candidates = Files.readString(run.resolve("candidates.jsonl"));
            StringWriter out = new StringWriter();
            CommandLine front = OneLineErrors.install(new CommandLine(new FrontCommand()));
            front.setOut(new PrintWriter(out, true));
            assertEquals(0, front.execute(run.toString(), "--json"), run.toString());
            JsonNode rows = json.readTree(out.toString());
            assertFalse(rows.isEmpty(), run + ": an empty front");
            for (JsonNode row : rows) {
                assertTrue(candidates.contains(row.get("blockString").asText()), run + ": " + row.get("blockString"));
            }
            Path html = tmp.resolve(run.getFileName() + ".html");
            CommandLine report = OneLineErrors.install(new CommandLine(new ReportCommand()));
            report.setOut(new PrintWriter(new StringWriter(), true));
            assertEquals(0, report.execute(run.toString(), "--out", html.toString()), run.toString());
            assertTrue(Files.readString(html).contains(rows.get(0).get("blockString").asText()), run + ": the report lacks its front");
        }
    }
}
