package org.facenas.data.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads face image files into network input tensors with one {@link FacePreprocessing}.
 * A file that cannot be decoded is skipped with a warning naming it and reported in the
 * result, because one bad JPEG must not abort a long evaluation.
 */
public final class FaceImageLoader {

    private static final Logger LOG = LoggerFactory.getLogger(FaceImageLoader.class);

    private final FacePreprocessing preprocessing;

    private FaceImageLoader(FacePreprocessing preprocessing) {
        this.preprocessing = preprocessing;
    }

    /** A loader applying {@code preprocessing} to every image. */
    public static FaceImageLoader with(FacePreprocessing preprocessing) {
        return new FaceImageLoader(preprocessing);
    }

    /** The preprocessing this loader applies. */
    public FacePreprocessing preprocessing() {
        return preprocessing;
    }

    /** Loads files in order; never throws for unreadable images (see {@link FaceLoadResult#skipped()}). */
    public FaceLoadResult load(List<Path> files) {
        List<LoadedFace> loaded = new ArrayList<>(files.size());
        List<SkippedImage> skipped = new ArrayList<>();
        for (Path file : files) {
            try {
                loaded.add(new LoadedFace(file, preprocessing.apply(ImageDecoding.read(file))));
            } catch (IOException e) {
                LOG.warn("skipping unreadable image {}: {}", file, e.getMessage());
                skipped.add(new SkippedImage(file, String.valueOf(e.getMessage())));
            }
        }
        return new FaceLoadResult(loaded, skipped);
    }
}
