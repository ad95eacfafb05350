package org.facenas.data.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.data.FaceDataset;
import org.facenas.data.FaceImageFile;

/** A {@link FaceSource} over an LFW-layout folder ({@link FaceDataset}); keys are paths under {@code images/}. */
public final class LfwFolderSource implements FaceSource {

    private final FaceDataset dataset;
    private final Map<String, List<SourceImage>> byIdentity = new HashMap<>();
    private volatile String hash;

    private LfwFolderSource(FaceDataset dataset) {
        this.dataset = dataset;
        for (String id : dataset.identities()) {
            byIdentity.put(id, dataset.images(id).stream().map(f -> new SourceImage(id, key(f.path()))).toList());
        }
    }

    public static LfwFolderSource open(Path folder) {
        return new LfwFolderSource(FaceDataset.open(folder));
    }

    /** The listed folder. */
    public FaceDataset dataset() {
        return dataset;
    }

    private String key(Path file) {
        return dataset.imagesRoot().relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /** The file behind an image of this source. */
    public Path file(SourceImage image) {
        return dataset.imagesRoot().resolve(image.key());
    }

    @Override
    public Path root() {
        return dataset.root();
    }

    @Override
    public Format format() {
        return Format.LFW_FOLDER;
    }

    @Override
    public List<String> identities() {
        return dataset.identities();
    }

    @Override
    public List<SourceImage> images(String identity) {
        return byIdentity.getOrDefault(identity, List.of());
    }

    @Override
    public Optional<SourceImage> lfwImage(String identity, int n) {
        return dataset.lfwImagePath(identity, n).map(p -> new SourceImage(identity, key(p)));
    }

    @Override
    public byte[] bytes(SourceImage image) {
        Path file = file(image);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long imageCount() {
        return dataset.imageCount();
    }

    @Override
    public String contentHash() {
        if (hash == null) {
            hash = dataset.listingHash();
        }
        return hash;
    }

    @Override
    public List<Path> defaultVerification() {
        Path pairs = dataset.root().resolve("pairsDevTest.txt");
        return Files.isRegularFile(pairs) ? List.of(pairs) : List.of();
    }

    /** All image files, for callers that need paths. */
    public List<FaceImageFile> files() {
        return dataset.allImages();
    }

    @Override
    public void close() {
        // nothing held open
    }
}
