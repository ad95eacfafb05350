package org.facenas.data.bin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * An InsightFace verification set ({@code lfw.bin}, {@code cfp_fp.bin}, {@code agedb_30.bin}...):
 * a pickled tuple {@code (bins, issame_list)} where {@code bins} holds 2*N encoded images
 * (JPEG bytes) and {@code issame_list} N booleans; pair i is images 2i and 2i+1.
 *
 * @param images encoded images, two per pair, decode with
 *               {@link org.facenas.data.image.ImageDecoding#decode(byte[])}
 * @param issame one flag per pair, true when both images show the same identity
 */
public record VerificationBin(List<byte[]> images, List<Boolean> issame) {

    public VerificationBin {
        images = List.copyOf(images);
        issame = List.copyOf(issame);
        if (images.size() != 2 * issame.size()) {
            throw new IllegalArgumentException("a verification bin holds two images per pair: "
                    + images.size() + " images for " + issame.size() + " pairs");
        }
    }

    /** Number of pairs. */
    public int pairCount() {
        return issame.size();
    }

    /** Encoded first image of pair {@code i}. */
    public byte[] first(int i) {
        return images.get(2 * i);
    }

    /** Encoded second image of pair {@code i}. */
    public byte[] second(int i) {
        return images.get(2 * i + 1);
    }

    /**
     * Reads a {@code .bin} file with the Pyrolite unpickler (protocols 0-5).
     *
     * @throws IOException if the file cannot be read or is not an InsightFace verification pickle;
     *                     the message names the file
     */
    public static VerificationBin read(Path file) throws IOException {
        Object root;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            Unpickler unpickler = new Unpickler();
            try {
                root = unpickler.load(in);
            } finally {
                unpickler.close();
            }
        } catch (PickleException | IOException e) {
            if (e instanceof java.nio.file.FileSystemException) {
                throw (IOException) e;
            }
            // Pyrolite says "premature end of file" for an empty or truncated file, without naming it
            throw new IOException(file + ": not a readable Python pickle (" + e.getMessage()
                    + "; empty or truncated?); expected an InsightFace verification .bin", e);
        }
        String shape = "expected a tuple (list of image bytes, list of bool), as written by "
                + "pickle.dump((bins, issame_list), f) in InsightFace";
        if (!(root instanceof Object[] tuple) || tuple.length != 2
                || !(tuple[0] instanceof Collection<?> bins) || !(tuple[1] instanceof Collection<?> flags)) {
            throw new IOException(file + ": " + shape + ", got " + describe(root));
        }
        List<byte[]> images = new ArrayList<>(bins.size());
        for (Object b : bins) {
            if (!(b instanceof byte[] bytes)) {
                throw new IOException(file + ": image entry is " + describe(b) + ", " + shape);
            }
            images.add(bytes);
        }
        List<Boolean> issame = new ArrayList<>(flags.size());
        for (Object f : flags) {
            if (!(f instanceof Boolean flag)) {
                throw new IOException(file + ": issame entry is " + describe(f) + ", " + shape);
            }
            issame.add(flag);
        }
        try {
            return new VerificationBin(images, issame);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the set as InsightFace does ({@code pickle.dump((bins, issame_list), f)}): a protocol-3 pickle of a
     * tuple of a list of {@code bytes} and a list of {@code bool}, appended in batches of 1000 as CPython's pickler
     * does. Python, InsightFace's {@code load_bin} and {@link #read(Path)} read it back.
     */
    public void write(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(new byte[] {(byte) 0x80, 3});
            out.write(']');
            for (int from = 0; from < images.size(); from += 1000) {
                out.write('(');
                for (byte[] img : images.subList(from, Math.min(images.size(), from + 1000))) {
                    if (img.length < 256) {
                        out.write('C');
                        out.write(img.length);
                    } else {
                        out.write('B');
                        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(img.length).array());
                    }
                    out.write(img);
                }
                out.write('e');
            }
            out.write(']');
            for (int from = 0; from < issame.size(); from += 1000) {
                out.write('(');
                for (Boolean same : issame.subList(from, Math.min(issame.size(), from + 1000))) {
                    out.write(same ? 0x88 : 0x89);
                }
                out.write('e');
            }
            out.write(0x86);
            out.write('.');
        }
    }

    /**
     * The fold of each pair as InsightFace scores a .bin: {@code folds} contiguous blocks in file order (sklearn's
     * {@code KFold(n_splits=folds, shuffle=False)}: the first {@code n % folds} blocks hold one pair more).
     */
    public int[] folds(int folds) {
        int n = pairCount();
        int[] out = new int[n];
        int start = 0;
        for (int f = 0; f < folds; f++) {
            int size = n / folds + (f < n % folds ? 1 : 0);
            for (int i = start; i < start + size; i++) {
                out[i] = f;
            }
            start += size;
        }
        return out;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }
}
