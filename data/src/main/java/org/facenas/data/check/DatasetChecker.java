package org.facenas.data.check;

import org.facenas.data.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facenas.data.FaceDataset;
import org.facenas.data.FaceImageFile;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.RgbImage;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;

/**
 * Sanity checks on an aligned dataset before it is used for training or evaluation: every file
 * decodes, has the expected size, no two files are byte-identical (which would leak between
 * train and test), and every pair reference exists.
 */
public final class DatasetChecker {

    private final int expectedWidth;
    private final int expectedHeight;

    private DatasetChecker(int expectedWidth, int expectedHeight) {
        this.expectedWidth = expectedWidth;
        this.expectedHeight = expectedHeight;
    }

    /** A checker expecting images of the given size (112x112 for ArcFace-aligned data). */
    public static DatasetChecker expectingSize(int width, int height) {
        return new DatasetChecker(width, height);
    }

    /**
     * Checks the dataset and, if given, pairs files against it.
     *
     * @throws IOException if a file cannot even be read from disk
     */
    public CheckReport check(FaceDataset dataset, List<Pairs> pairsFiles) throws IOException {
        List<String> unreadable = new ArrayList<>();
        List<String> wrongSize = new ArrayList<>();
        Map<String, List<String>> byHash = new LinkedHashMap<>();
        for (FaceImageFile file : dataset.allImages()) {
            byte[] bytes = Files.readAllBytes(file.path());
            byHash.computeIfAbsent(Sha256.hex(bytes), h -> new ArrayList<>())
                    .add(file.relativePath());
            try {
                RgbImage image = ImageDecoding.decode(bytes);
                if (image.width() != expectedWidth || image.height() != expectedHeight) {
                    wrongSize.add(file.relativePath() + " is " + image.width() + "x" + image.height()
                            + ", expected " + expectedWidth + "x" + expectedHeight);
                }
            } catch (IOException e) {
                unreadable.add(file.relativePath() + " (" + e.getMessage() + ")");
            }
        }
        List<List<String>> duplicates = byHash.values().stream().filter(g -> g.size() > 1).toList();
        return new CheckReport(dataset.identities().size(), dataset.imageCount(), unreadable, wrongSize,
                missingReferences(dataset, pairsFiles), duplicates);
    }

    private static List<String> missingReferences(FaceDataset dataset, List<Pairs> pairsFiles) {
        Set<String> missing = new LinkedHashSet<>();
        Set<String> identities = Set.copyOf(dataset.identities());
        for (Pairs pairs : pairsFiles) {
            for (Pair p : pairs.pairs()) {
                checkImage(dataset, identities, p.name1(), p.n1(), missing);
                checkImage(dataset, identities, p.name2(), p.n2(), missing);
            }
        }
        return List.copyOf(missing);
    }

    private static void checkImage(FaceDataset dataset, Set<String> identities, String name, int n, Set<String> missing) {
        if (!identities.contains(name)) {
            missing.add("identity " + name + " (named in pairs, no folder)");
        } else if (dataset.lfwImagePath(name, n).isEmpty()) {
            missing.add(String.format("image %s_%04d (named in pairs, no file)", name, n));
        }
    }

}
