package org.facenas.evaluator.data;

import java.util.List;

/**
 * What a proxy trains and scores on, loaded once and shared by every candidate: the training images with
 * identity labels, and the distinct images the verification pairs refer to.
 */
public interface ProxyData {
    FaceTensors train();

    /** Distinct images of the scoring pairs, at the proxy's input size, in the order the scorer expects. */
    List<float[]> scoringImages();

    int pairCount();

    /**
     * Every verification set, each scored separately; the first is the one {@link #scoringImages()} holds. Empty
     * when the data does not name its sets.
     */
    default List<VerificationSet> verificationSets() {
        return List.of();
    }

    /** Images that could not be read, with the reason, e.g. "images/x/x_0001.jpg: not an image". */
    List<String> skippedFiles();
}
