package org.facenas.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A face dataset on disk: {@code ROOT/images/IDENTITY/IDENTITY_NNNN.(jpg|jpeg|png|pgm)} (LFW's layout), or
 * identity folders directly under the root.
 */
public record FaceDataset(Path root, Path imagesDir) {

    private static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "pgm");

    public static FaceDataset at(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("dataset folder " + root + " does not exist: give a folder holding images/IDENTITY/*.jpg");
        }
        Path images = root.resolve("images");
        return new FaceDataset(root, Files.isDirectory(images) ? images : root);
    }

    /** The image file of LFW's (name, number); an error naming the path when no such image exists. */
    public Path image(String name, int number) {
        String stem = String.format("%s_%04d", name, number);
        for (String ext : EXTENSIONS) {
            Path p = imagesDir.resolve(name).resolve(stem + "." + ext);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("image " + name + " #" + number + " is missing: no " + imagesDir.resolve(name).resolve(stem)
                + ".jpg/.png/.pgm; check the people/pairs file matches the dataset");
    }

    /** Every image file, sorted. */
    public List<Path> listing() {
        try (Stream<Path> s = Files.walk(imagesDir)) {
            return s.filter(Files::isRegularFile).filter(p -> EXTENSIONS.contains(extension(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + imagesDir + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 over the sorted relative paths and sizes: changes when any image is added, removed or replaced. */
    public String listingHash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : listing()) {
                md.update((imagesDir.relativize(p) + "\t" + Files.size(p) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
