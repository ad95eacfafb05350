package org.facenas.data.check;

import org.facenas.data.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
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
import java.nio.file.Path;
import java.util.Locale;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.recordio.InsightFaceRecords;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.RecordIoSource;
import org.facenas.data.source.SourceImage;

/**
 * Sanity checks on an aligned dataset before it is used for training or evaluation: every file
 * decodes, has the expected size, no two files are byte-identical (which would leak between
 * train and test), no training file has the bytes of another identity's verification image (a leak proxy training
 * leaves out), and every pair reference exists.
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
        Map<Path, String> hashOf = new HashMap<>();
        List<HeldOutFaces.Image> all = new ArrayList<>();
        for (FaceImageFile file : dataset.allImages()) {
            byte[] bytes = Files.readAllBytes(file.path());
            String hash = Sha256.hex(bytes);
            byHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(file.relativePath());
            hashOf.put(file.path(), hash);
            all.add(new HeldOutFaces.Image(file.identity(), file.relativePath(), hash));
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
        List<HeldOutFaces.Image> verification = new ArrayList<>();
        for (Pairs pairs : pairsFiles) {
            for (Pair p : pairs.pairs()) {
                for (int side = 0; side < 2; side++) {
                    String name = side == 0 ? p.name1() : p.name2();
                    dataset.lfwImagePath(name, side == 0 ? p.n1() : p.n2()).filter(hashOf::containsKey).ifPresent(path ->
                            verification.add(new HeldOutFaces.Image(name, dataset.root().relativize(path).toString().replace('\\', '/'),
                                    hashOf.get(path))));
                }
            }
        }
        return new CheckReport(dataset.identities().size(), dataset.imageCount(), unreadable, wrongSize,
                missingReferences(dataset, pairsFiles), duplicates, leaks(all, verification), List.of());
    }

    /**
     * Checks a dataset in either layout through its {@link FaceSource}: every image decodes at the expected size, no two
     * are byte-identical, every pairs-file reference exists, and each {@code .bin} verification set reads and its
     * images decode at the expected size. For an InsightFace set the notes say its layout and that its
     * {@code property} agrees with the records (opening the set already refused one that disagrees).
     *
     * @throws org.facenas.data.recordio.RecordIoFormatException when a record is corrupt (one line naming the file and
     *                                                           record: the set cannot be read past it)
     * @throws IllegalArgumentException                          when a .bin is not a verification set (one line naming it)
     */
    public CheckReport check(FaceSource source, List<Pairs> pairsFiles, List<Path> bins) {
        List<String> unreadable = new ArrayList<>();
        List<String> wrongSize = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<String>> byHash = new LinkedHashMap<>();
        List<HeldOutFaces.Image> all = new ArrayList<>();
        Map<String, String> hashOf = new HashMap<>();
        List<HeldOutFaces.Image> verification = new ArrayList<>();
        if (source instanceof RecordIoSource rio) {
            notes.add("InsightFace RecordIO set: " + rio.records().identities().size() + " identities, " + rio.imageCount() + " images in "
                    + InsightFaceRecords.REC + " (every record read)");
            notes.add(rio.records().property().map(p -> InsightFaceRecords.PROPERTY + ": " + p.classes() + " classes, " + p.height() + "x"
                    + p.width() + ": agrees with the identity records").orElse("no " + InsightFaceRecords.PROPERTY + " file"));
        }
        for (String id : source.identities()) {
            for (SourceImage img : source.images(id)) {
                String name = source.displayName(img);
                byte[] bytes = source.bytes(img);
                String hash = Sha256.hex(bytes);
                byHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(name);
                all.add(new HeldOutFaces.Image(id, name, hash));
                hashOf.put(name, hash);
                decode(bytes, name, unreadable, wrongSize);
            }
        }
        for (Path bin : bins) {
            VerificationBin set;
            try {
                set = VerificationBin.read(bin);
            } catch (IOException e) {
                throw new IllegalArgumentException(bin + " is not a readable verification set: " + e.getMessage(), e);
            }
            int before = unreadable.size() + wrongSize.size();
            for (int i = 0; i < set.images().size(); i++) {
                decode(set.images().get(i), bin.getFileName() + " image " + i, unreadable, wrongSize);
                // a .bin image has no identity in the set: every record with its bytes is a leak
                verification.add(new HeldOutFaces.Image(null, bin.getFileName() + " image " + i, Sha256.hex(set.images().get(i))));
            }
            long same = set.issame().stream().filter(Boolean::booleanValue).count();
            notes.add(String.format(Locale.ROOT, "%s: %d pairs (%d same, %d different), %d images%s", bin.getFileName(), set.pairCount(),
                    same, set.pairCount() - same, set.images().size(),
                    unreadable.size() + wrongSize.size() == before ? ", all decode at " + expectedWidth + "x" + expectedHeight : ""));
        }
        Set<String> missing = new LinkedHashSet<>();
        Set<String> identities = Set.copyOf(source.identities());
        for (Pairs pairs : pairsFiles) {
            for (Pair p : pairs.pairs()) {
                for (int side = 0; side < 2; side++) {
                    String name = side == 0 ? p.name1() : p.name2();
                    int n = side == 0 ? p.n1() : p.n2();
                    if (!identities.contains(name)) {
                        missing.add("identity " + name + " (named in pairs, not in the set)");
                    } else if (source.lfwImage(name, n).isEmpty()) {
                        missing.add(String.format(Locale.ROOT, "image %s_%04d (named in pairs, not in the set)", name, n));
                    } else {
                        String shown = source.displayName(source.lfwImage(name, n).get());
                        if (hashOf.containsKey(shown)) {
                            verification.add(new HeldOutFaces.Image(name, shown, hashOf.get(shown)));
                        }
                    }
                }
            }
        }
        List<List<String>> duplicates = byHash.values().stream().filter(g -> g.size() > 1).toList();
        return new CheckReport(source.identities().size(), source.imageCount(), unreadable, wrongSize, List.copyOf(missing), duplicates,
                leaks(all, verification), notes);
    }

    /** Every image that {@link HeldOutFaces}' rule calls a leak: what proxy training leaves out. */
    private static List<String> leaks(List<HeldOutFaces.Image> images, List<HeldOutFaces.Image> verification) {
        HeldOutFaces heldOut = HeldOutFaces.of(verification);
        return images.stream().flatMap(img -> heldOut.leak(img).stream()).map(HeldOutFaces.Leak::line).toList();
    }

    private void decode(byte[] bytes, String name, List<String> unreadable, List<String> wrongSize) {
        try {
            RgbImage image = ImageDecoding.decode(bytes);
            if (image.width() != expectedWidth || image.height() != expectedHeight) {
                wrongSize.add(name + " is " + image.width() + "x" + image.height() + ", expected " + expectedWidth + "x" + expectedHeight);
            }
        } catch (IOException e) {
            unreadable.add(name + " (" + e.getMessage() + ")");
        }
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
