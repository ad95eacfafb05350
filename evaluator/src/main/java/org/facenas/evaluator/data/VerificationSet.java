package org.facenas.evaluator.data;

import java.util.List;
import org.facenas.evaluator.score.PairCosines;

/**
 * One verification set as a proxy scores it: its distinct images decoded at the proxy's input size, their encoded
 * bytes (the teacher embeds those), and the pairs as indices into them.
 *
 * @param name    the set's file name ({@code lfw.bin}, {@code pairsDevTest.txt}): how results name it
 * @param file    the set's absolute path
 * @param images  distinct images, preprocessed, in the order {@code pairs} indexes
 * @param encoded the same images' encoded bytes
 */
public record VerificationSet(String name, String file, List<float[]> images, List<byte[]> encoded, PairCosines pairs) {

    public VerificationSet {
        images = List.copyOf(images);
        encoded = List.copyOf(encoded);
    }
}
