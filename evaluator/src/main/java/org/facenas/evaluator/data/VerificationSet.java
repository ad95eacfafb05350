package org.facenas.evaluator.data;

import java.io.IOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.stream.IntStream;
import org.facenas.data.hash.Sha256;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.source.VerificationPairs;
import org.facenas.evaluator.score.PairCosines;

/**
 * One verification set as a proxy scores it: its distinct images at the proxy's input size, held as resized 8-bit RGB
 * (a quarter of float arrays; made floats exactly when read, as training images are), their encoded bytes (the
 * teacher embeds those), and the pairs as indices into them.
 *
 * @param name    the set's file name ({@code lfw.bin}, {@code pairsDevTest.txt}): how results name it
 * @param file    the set's absolute path
 * @param pixels  distinct images, resized, in the order {@code pairs} indexes
 * @param encoded the same images' encoded bytes
 */
public record VerificationSet(String name, String file, FaceTensors.Pixels pixels, List<byte[]> encoded, PairCosines pairs) {

    public VerificationSet {
        encoded = List.copyOf(encoded);
        if (pixels.count() != encoded.size()) {
            throw new IllegalArgumentException(name + ": " + pixels.count() + " images but " + encoded.size() + " encoded");
        }
    }

    /**
     * Decodes a set's pairs as read from its source: each distinct image (by content) once, in parallel, to resized 8-bit
     * RGB at {@code preprocessing}'s size; a pair with an unreadable image is dropped and the image named in
     * {@code skipped}.
     *
     * @throws IllegalArgumentException when no pair is left
     */
    public static VerificationSet decode(VerificationPairs read, FacePreprocessing preprocessing, List<String> skipped) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<byte[]> distinct = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] a = new int[read.size()];
        int[] b = new int[read.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = indexOf(index, distinct, names, read.first().get(i), read.names().get(2 * i));
            b[i] = indexOf(index, distinct, names, read.second().get(i), read.names().get(2 * i + 1));
        }
        int size = preprocessing.width();
        byte[][] decoded = new byte[distinct.size()][];
        IntStream.range(0, distinct.size()).parallel().forEach(i -> {
            try {
                // held resized 8-bit, made floats when read: the arithmetic of preprocessing.apply, a quarter of the memory
                decoded[i] = preprocessing.resize().resize(ImageDecoding.decode(distinct.get(i)), size, size).rgb();
            } catch (IOException e) {
                skipped.add(names.get(i) + ": " + e.getMessage());
            }
        });
        int[] position = new int[decoded.length];
        List<byte[]> images = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < decoded.length; i++) {
            position[i] = decoded[i] == null ? -1 : images.size();
            if (decoded[i] != null) {
                images.add(decoded[i]);
                encoded.add(distinct.get(i));
            }
        }
        List<Integer> kept = IntStream.range(0, a.length).filter(i -> position[a[i]] >= 0 && position[b[i]] >= 0).boxed().toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no readable verification pairs in " + read.file());
        }
        int[] ua = kept.stream().mapToInt(i -> position[a[i]]).toArray();
        int[] ub = kept.stream().mapToInt(i -> position[b[i]]).toArray();
        boolean[] same = new boolean[kept.size()];
        for (int k = 0; k < same.length; k++) {
            same[k] = read.same().get(kept.get(k));
        }
        int[] folds = kept.stream().mapToInt(i -> read.folds().get(i)).toArray();
        return new VerificationSet(read.file().getFileName().toString(), read.file().toAbsolutePath().normalize().toString(),
                new FaceTensors.Pixels.Uint8(images, size, preprocessing), encoded, new PairCosines(ua, ub, same, folds));
    }

    private static int indexOf(Map<String, Integer> index, List<byte[]> distinct, List<String> names, byte[] encoded, String name) {
        String hash = Sha256.hex(encoded);
        Integer at = index.get(hash);
        if (at == null) {
            at = distinct.size();
            index.put(hash, at);
            distinct.add(encoded);
            names.add(name);
        }
        return at;
    }

    /** The images as preprocessed CHW floats, each made when read (nothing is held beyond {@link #pixels}). */
    public List<float[]> images() {
        return new Chw(pixels);
    }

    private static final class Chw extends AbstractList<float[]> implements RandomAccess {
        private final FaceTensors.Pixels pixels;

        Chw(FaceTensors.Pixels pixels) {
            this.pixels = pixels;
        }

        @Override
        public float[] get(int i) {
            return pixels.chw(i);
        }

        @Override
        public int size() {
            return pixels.count();
        }
    }
}
