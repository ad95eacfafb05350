package org.facenas.searchspace.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.searchspace.arch.HeadPooling;
import org.facenas.searchspace.arch.Stem;

/**
 * An MNasNet-style factorised space: a fixed stem, a fixed number of stages each with its own gene choices,
 * and the head's genes. Spaces are data: YAML files read by {@link SpaceFile}, shipped ones by name.
 */
public record SearchSpace(String name, Stem stem, List<StageChoices> stages, List<Integer> headChannels,
                          List<HeadPooling> headPoolings, List<Integer> embeddingSizes) {

    public SearchSpace {
        if (stem == null) {
            throw new IllegalArgumentException("search space '" + name + "' has no stem");
        }
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("search space '" + name + "' has no stages");
        }
        stages = List.copyOf(stages);
        headChannels = StageChoices.nonEmpty(headChannels, "head widths");
        headPoolings = StageChoices.nonEmpty(headPoolings, "head poolings");
        embeddingSizes = StageChoices.nonEmpty(embeddingSizes, "embedding sizes");
    }

    /** The spaces shipped as resources ({@code spaces/NAME.yaml} beside this class). */
    public static final List<String> SHIPPED = List.of("mbf-local", "mbf-space");

    /** The shipped {@code mbf-space}: MobileFaceNet's macro-structure with every gene free. */
    public static SearchSpace mobileFaceNetSpace() {
        return named("mbf-space");
    }

    /** A shipped space by name, or a YAML space file (a path relative to the working directory). */
    public static SearchSpace named(String nameOrFile) {
        return resolve(nameOrFile, Path.of(""));
    }

    /** A shipped space by name, or a YAML space file; a relative path is read against {@code baseDir}. */
    public static SearchSpace resolve(String nameOrFile, Path baseDir) {
        if (nameOrFile == null || nameOrFile.isBlank()) {
            throw new IllegalArgumentException("no search space given: use a shipped space (" + String.join(", ", SHIPPED)
                    + ") or a YAML space file");
        }
        if (SHIPPED.contains(nameOrFile)) {
            String resource = "/org/facenas/searchspace/spaces/" + nameOrFile + ".yaml";
            try (InputStream in = SearchSpace.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("shipped search space " + resource + " is missing from the jar");
                }
                return SpaceFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, nameOrFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path file = baseDir.resolve(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("unknown search space '" + nameOrFile + "': use a shipped space ("
                    + String.join(", ", SHIPPED) + ") or a YAML space file" + (looksLikeFile(nameOrFile)
                    ? " (" + file.toAbsolutePath().normalize() + " does not exist)" : ""));
        }
        return SpaceFile.load(file);
    }

    /** Whether a config's space names a file rather than a shipped space. */
    public static boolean looksLikeFile(String nameOrFile) {
        return nameOrFile.contains("/") || nameOrFile.contains(java.io.File.separator) || nameOrFile.matches(".*\\.ya?ml");
    }
}
