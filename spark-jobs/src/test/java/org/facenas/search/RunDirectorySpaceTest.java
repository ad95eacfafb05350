package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.results.SearchConfig;
import org.facenas.searchspace.codec.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectorySpaceTest {

    @Test
    void aRunKeepsItsOwnCopyOfItsSpaceFile(@TempDir Path dir) throws Exception {
        String local;
        try (var in = SearchSpace.class.getResourceAsStream("/org/facenas/searchspace/spaces/mbf-local.yaml")) {
            local = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("name: mbf-local", "name: mine");
        }
        Path spaceFile = dir.resolve("spaces/mine.yaml");
        Files.createDirectories(spaceFile.getParent());
        Files.writeString(spaceFile, local);
        Path configFile = dir.resolve("c.yaml");
        String text = "name: x\ndata: /tmp\npopulationSize: 4\ngenerations: 1\nspace: spaces/mine.yaml\n";
        Files.writeString(configFile, text);
        SearchConfig config = SearchConfig.load(configFile).withAbsolutePaths();
        Path runDir = dir.resolve("run");
        try (RunDirectory run = RunDirectory.create(runDir, config, text)) {
            assertEquals(runDir.resolve(RunDirectory.SPACE).toAbsolutePath().normalize().toString(), run.config().space());
        }
        assertTrue(Files.readString(runDir.resolve(RunDirectory.CONFIG)).contains("space: \"space.yaml\"")
                || Files.readString(runDir.resolve(RunDirectory.CONFIG)).contains("space: space.yaml"));
        // the user edits the space afterwards: the run still decodes by the space it was drawn from
        Files.writeString(spaceFile, local.replace("kernels: [3, 5]", "kernels: [3]"));
        try (RunDirectory reopened = RunDirectory.open(runDir)) {
            assertEquals(java.util.List.of(3, 5), SearchSpace.named(reopened.config().space()).stages().get(0).kernels());
        }
    }
}
