package org.facenas.data.image;

import java.util.List;

/**
 * Outcome of loading a batch of face images: the loaded tensors, in input order with the
 * unreadable files left out, and the files skipped.
 *
 * @param loaded  faces that decoded, in the order requested
 * @param skipped files that could not be decoded, with reasons
 */
public record FaceLoadResult(List<LoadedFace> loaded, List<SkippedImage> skipped) {

    public FaceLoadResult {
        loaded = List.copyOf(loaded);
        skipped = List.copyOf(skipped);
    }

    /** Number of files skipped. */
    public int skippedCount() {
        return skipped.size();
    }
}
